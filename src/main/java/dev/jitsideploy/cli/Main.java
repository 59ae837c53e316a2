package dev.jitsideploy.cli;

import dev.jitsideploy.deploy.Interruption;
import java.io.Console;
import java.nio.file.Path;
import java.util.Map;

/** Entry point: the only place that exits the JVM. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Console console = System.console();
        Interruption interruption = new Interruption();
        Session session = new Session(System.out, System.err, System.in, System.getenv(),
                Path.of("").toAbsolutePath(), console != null, interruption);
        handleCtrlC(interruption);
        System.exit(new JitsiDeploy().run(session, args));
    }

    /**
     * Ctrl-C (SIGINT), in two steps. The first asks the run to stop cooperatively ({@link Interruption}): no new host
     * is started, each host in flight finishes the step it is in, and the run ends with its report saying which
     * files each host is on. The second ends the process at once, naming the hosts that were in the middle of a step.
     *
     * <p>Why sun.misc.Signal and not a shutdown hook: a hook runs when the JVM is already going down, so it cannot
     * let in-flight hosts finish their step; a signal handler lets the run go on. sun.misc.Signal is in the JDK's
     * jdk.unsupported module, kept for exactly this use. Where SIGINT was ignored when the JVM started (a background
     * job of a non-interactive shell), the JVM leaves it ignored, as any program must.
     */
    @SuppressWarnings("removal")
    private static void handleCtrlC(Interruption interruption) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {
                if (interruption.request()) {
                    System.err.println("\ninterrupted: no new host is started; hosts in flight finish their current"
                            + " step" + inFlight(interruption) + "; press Ctrl-C again to exit at once");
                    return;
                }
                Map<String, String> inFlight = interruption.inFlight();
                System.err.println("\ninterrupted again: exiting now. " + (inFlight.isEmpty()
                        ? "No host was in the middle of a step." : "These hosts were in the middle of a step and may"
                        + " be inconsistent (run plan to see, apply or rollback to finish)" + inFlight(interruption)));
                System.err.flush();
                Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
            });
        } catch (IllegalArgumentException e) {
            // The JVM runs without signal handling of its own (-Xrs): Ctrl-C then ends it as for any program.
            return;
        }
    }

    /** ": lab1 (applying files and restarts), lab2 (...)", or "" when no host is in a step. */
    private static String inFlight(Interruption interruption) {
        Map<String, String> inFlight = interruption.inFlight();
        return inFlight.isEmpty() ? "" : ": " + inFlight.entrySet().stream()
                .map(entry -> entry.getKey() + " (" + entry.getValue() + ")")
                .collect(java.util.stream.Collectors.joining(", "));
    }
}
