package dev.jitsideploy.remote;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the steps of one {@link CommandBatch} answered; steps after a failed one did not run. */
public final class BatchResult {

    private static final Pattern STEPS = Pattern.compile("steps ([0-9]{1,4})");
    private static final Pattern HEADER = Pattern.compile("step ([0-9]{1,3}) ([0-9]{1,10}) ([0-9]{1,10})");

    private final String host;
    private final String operation;
    private final List<CommandResult> results;

    private BatchResult(String host, String operation, List<CommandResult> results) {
        this.host = host;
        this.operation = operation;
        this.results = results;
    }

    /**
     * Splits the batch's output into its steps' results: a line {@code steps COUNT}, a header line per step, then
     * every step's stdout and stderr in order ({@code host/batch.sh}).
     */
    static BatchResult parse(String host, String operation, byte[] out) throws RemoteException {
        int[] position = {0};
        Matcher count = STEPS.matcher(line(host, operation, out, position));
        if (!count.matches()) {
            throw new RemoteException(host, operation, "unexpected answer from the batch of commands");
        }
        int steps = Integer.parseInt(count.group(1));
        List<Header> headers = new ArrayList<>();
        long size = 0;
        for (int step = 0; step < steps; step++) {
            Matcher header = HEADER.matcher(line(host, operation, out, position));
            if (!header.matches()) {
                throw new RemoteException(host, operation, "unexpected answer from the batch of commands");
            }
            long outSize = Long.parseLong(header.group(2));
            long errSize = Long.parseLong(header.group(3));
            size += outSize + errSize;
            if (size > out.length) {
                throw new RemoteException(host, operation, "the answer ended early");
            }
            headers.add(new Header(Integer.parseInt(header.group(1)), (int) outSize, (int) errSize));
        }
        if (position[0] + size != out.length) {
            throw new RemoteException(host, operation, position[0] + size > out.length ? "the answer ended early"
                    : "unexpected answer from the batch of commands");
        }
        List<CommandResult> results = new ArrayList<>();
        int start = position[0];
        for (Header header : headers) {
            int errStart = start + header.outSize();
            results.add(new CommandResult(header.status(), Arrays.copyOfRange(out, start, errStart),
                    Arrays.copyOfRange(out, errStart, errStart + header.errSize())));
            start = errStart + header.errSize();
        }
        return new BatchResult(host, operation, results);
    }

    /** A step's line: its exit status and the sizes of its stdout and stderr. */
    private record Header(int status, int outSize, int errSize) {
    }

    /** The line at {@code position[0]} (without its newline); moves the position past it. */
    private static String line(String host, String operation, byte[] out, int[] position) throws RemoteException {
        int newline = position[0];
        while (newline < out.length && out[newline] != '\n') {
            newline++;
        }
        if (newline == out.length) {
            throw new RemoteException(host, operation, "the answer ended early");
        }
        String line = new String(out, position[0], newline - position[0], StandardCharsets.UTF_8);
        position[0] = newline + 1;
        return line;
    }

    /** Whether the step ran (every step before it succeeded). */
    public boolean ran(int step) {
        return step < results.size();
    }

    /**
     * The step's exit status and output.
     *
     * @throws RemoteException when the step did not run because an earlier one failed
     */
    public CommandResult result(int step) throws RemoteException {
        if (!ran(step)) {
            throw new RemoteException(host, operation, "step " + (step + 1) + " did not run: an earlier step failed");
        }
        return results.get(step);
    }

    /**
     * The files a {@link CommandBatch#addReadAll} step read: path to file (empty when absent) for each of
     * {@code paths}, then every file found in the directories (each present).
     */
    public Map<String, Optional<RemoteFile>> files(int step, List<String> paths) throws RemoteException {
        CommandResult result = result(step);
        String read = "read " + String.join(", ", paths);
        if (!result.succeeded()) {
            throw new RemoteException(host, read, "exit status " + result.exitStatus());
        }
        try {
            return FileAnswer.parse(result.stdout(), paths);
        } catch (IllegalArgumentException e) {
            throw new RemoteException(host, read, e.getMessage());
        }
    }
}
