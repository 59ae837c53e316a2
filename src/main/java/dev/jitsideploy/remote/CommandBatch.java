package dev.jitsideploy.remote;

import java.util.ArrayList;
import java.util.List;

/**
 * Several commands run with root rights in one SSH round trip ({@link RemoteHost#runBatch}), each in its own
 * subshell, in order, until one fails (exits non-zero): the rest do not run. Each step's exit status, standard output
 * and standard error come back apart and byte-exact (every step's output is framed by its length), so a step may
 * print binary data, e.g. file contents.
 */
public final class CommandBatch {

    private static final HostScript BATCH = HostScript.named("batch");

    private final List<String> steps = new ArrayList<>();
    private final List<String> cleanups = new ArrayList<>();

    /** Adds a step (one simple command); returns its index for {@link BatchResult#result(int)}. */
    public int add(String command) {
        steps.add(command);
        return steps.size() - 1;
    }

    /**
     * Adds a step that reads {@code paths} (as {@link RemoteHost#readAll}) and every file of {@code directories};
     * its files: {@link BatchResult#files}.
     */
    public int addReadAll(List<String> paths, List<FilesInDirectory> directories) {
        return add(FileCommands.readAll(paths, directories));
    }

    /** A command that runs at the end whatever happened to the steps (e.g. removing staged temp files). */
    public void always(String command) {
        cleanups.add(command);
    }

    int size() {
        return steps.size();
    }

    /**
     * The command ({@code host/batch.sh}): a line {@code steps COUNT}, a line {@code step STATUS OUTSIZE ERRSIZE} per
     * step that ran, then those steps' stdout and stderr (captured in a private temp directory, removed at exit after
     * the cleanups).
     */
    String script() {
        List<String> arguments = new ArrayList<>(List.of(Integer.toString(cleanups.size())));
        arguments.addAll(cleanups);
        arguments.addAll(steps);
        return BATCH.command(arguments);
    }
}
