package dev.jitsideploy.cli;

/** Every exit code the tool returns; documented in docs/cli.md. */
public final class ExitCode {
    /** Everything asked for was done (and, for plan with --detailed-exitcode, nothing would change). */
    public static final int OK = 0;
    /** At least one host failed: unreachable, preflight, apply, restart or verification. */
    public static final int HOST_FAILED = 1;
    /** Bad input or usage: nothing was changed on any host. */
    public static final int BAD_INPUT = 2;
    /** plan --detailed-exitcode: the plan has changes. */
    public static final int CHANGES_PENDING = 3;
    /** A bug in jitsi-deploy (an unexpected exception); the message says so, {@code --debug} shows the stack trace. */
    public static final int INTERNAL_ERROR = 4;
    /** Ctrl-C: the run stopped early (128 + SIGINT, as shells report it); the report says where each host is. */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }
}
