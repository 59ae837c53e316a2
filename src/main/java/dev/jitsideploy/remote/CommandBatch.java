package dev.jitsideploy.remote;

import static dev.jitsideploy.remote.ShellQuoting.quote;

import java.util.ArrayList;
import java.util.List;

/**
 * Several commands run with root rights in one SSH round trip ({@link RemoteHost#runBatch}), each in its own
 * subshell, in order, until one fails (exits non-zero): the rest do not run. Each step's exit status, standard output
 * and standard error come back apart and byte-exact (every step's output is framed by its length), so a step may
 * print binary data, e.g. file contents.
 */
public final class CommandBatch {

    private final List<String> steps = new ArrayList<>();
    private final List<String> cleanups = new ArrayList<>();

    /** Adds a step; returns its index for {@link BatchResult#result(int)}. */
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
     * The script: per step a line {@code step STATUS OUTSIZE ERRSIZE} followed by the step's stdout and stderr
     * (captured in a private temp directory, removed at exit with the cleanups).
     */
    String script() {
        // The steps get the session's umask; only the capture directory is private.
        StringBuilder script = new StringBuilder("u=$(umask); umask 077; d=$(mktemp -d) || exit 1; trap ");
        StringBuilder onExit = new StringBuilder();
        for (String cleanup : cleanups) {
            onExit.append("( ").append(cleanup).append(" ) >/dev/null 2>&1; ");
        }
        onExit.append("rm -rf -- \"$d\"");
        script.append(quote(onExit.toString())).append(" EXIT; ");
        for (String step : steps) {
            script.append("( umask \"$u\"; ").append(step).append("\n) >\"$d/o\" 2>\"$d/e\" </dev/null; rc=$?; ")
                    .append("printf 'step %d %d %d\\n' \"$rc\" $(wc -c <\"$d/o\") $(wc -c <\"$d/e\");")
                    .append(" cat -- \"$d/o\" \"$d/e\"; [ \"$rc\" -eq 0 ] || exit 0; ");
        }
        return script.append("exit 0").toString();
    }
}
