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

    private static final Pattern HEADER = Pattern.compile("step ([0-9]{1,3}) ([0-9]{1,10}) ([0-9]{1,10})");

    private final String host;
    private final String operation;
    private final List<CommandResult> results;

    private BatchResult(String host, String operation, List<CommandResult> results) {
        this.host = host;
        this.operation = operation;
        this.results = results;
    }

    /** Splits the batch's output into its steps' results. */
    static BatchResult parse(String host, String operation, byte[] out) throws RemoteException {
        List<CommandResult> results = new ArrayList<>();
        int position = 0;
        while (position < out.length) {
            int newline = position;
            while (newline < out.length && out[newline] != '\n') {
                newline++;
            }
            Matcher header = HEADER.matcher(new String(out, position, newline - position, StandardCharsets.UTF_8));
            if (newline == out.length || !header.matches()) {
                throw new RemoteException(host, operation, "unexpected answer from the batch of commands");
            }
            long outSize = Long.parseLong(header.group(2));
            long errSize = Long.parseLong(header.group(3));
            int start = newline + 1;
            if (start + outSize + errSize > out.length) {
                throw new RemoteException(host, operation, "the answer ended early");
            }
            int errStart = start + (int) outSize;
            results.add(new CommandResult(Integer.parseInt(header.group(1)), Arrays.copyOfRange(out, start, errStart),
                    Arrays.copyOfRange(out, errStart, errStart + (int) errSize)));
            position = errStart + (int) errSize;
        }
        return new BatchResult(host, operation, results);
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
