package dev.jitsideploy.remote;

import java.util.ArrayList;
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
        FramedAnswer answer = new FramedAnswer(out);
        try {
            Matcher count = STEPS.matcher(answer.line());
            if (!count.matches()) {
                throw new RemoteException(host, operation, "unexpected answer from the batch of commands");
            }
            int steps = Integer.parseInt(count.group(1));
            List<Matcher> headers = new ArrayList<>();
            long size = 0;
            for (int step = 0; step < steps; step++) {
                Matcher header = HEADER.matcher(answer.line());
                if (!header.matches()) {
                    throw new RemoteException(host, operation, "unexpected answer from the batch of commands");
                }
                size += Long.parseLong(header.group(2)) + Long.parseLong(header.group(3));
                headers.add(header);
            }
            if (size != answer.remaining()) {
                throw new RemoteException(host, operation, size > answer.remaining() ? "the answer ended early"
                        : "unexpected answer from the batch of commands");
            }
            List<CommandResult> results = new ArrayList<>();
            for (Matcher header : headers) {
                results.add(new CommandResult(Integer.parseInt(header.group(1)),
                        answer.bytes(Long.parseLong(header.group(2))), answer.bytes(Long.parseLong(header.group(3)))));
            }
            return new BatchResult(host, operation, results);
        } catch (IllegalArgumentException e) {
            throw new RemoteException(host, operation, e.getMessage());
        }
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
