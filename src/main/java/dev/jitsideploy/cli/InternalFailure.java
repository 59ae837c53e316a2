package dev.jitsideploy.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * The one place that tells a failure of a run (a host, the network, a file: exit 1) from a bug in the tool (an
 * unchecked exception or an Error: {@link ExitCode#INTERNAL_ERROR}) and says so. Without {@code --debug} only where
 * it was thrown is shown: a message may quote a value (values include secrets), and Java's exception names are not
 * for operators.
 */
final class InternalFailure {

    private InternalFailure() {
    }

    /** Whether {@code failure} is a bug of ours rather than something that happened to the run. */
    static boolean isBug(Throwable failure) {
        return (failure instanceof RuntimeException && !(failure instanceof UncheckedIOException))
                || failure instanceof Error;
    }

    /** Prints the one-line report (and, with --debug, the stack trace) and returns the exit code. */
    static int report(String program, Throwable failure, boolean debug, PrintStream err) {
        // Where in our code it went wrong (the first frame of ours), which is what a bug report needs most.
        StackTraceElement[] trace = failure.getStackTrace();
        String where = java.util.Arrays.stream(trace)
                .filter(frame -> frame.getClassName().startsWith("dev.jitsideploy."))
                .findFirst().or(() -> java.util.Arrays.stream(trace).findFirst()).map(frame -> " at " + frame)
                .orElse("");
        err.println(program + ": internal error, this is a bug in jitsi-deploy" + where
                + (debug ? "" : "; run again with --debug for the stack trace and report it"));
        if (debug) {
            failure.printStackTrace(err);
        }
        return ExitCode.INTERNAL_ERROR;
    }
}
