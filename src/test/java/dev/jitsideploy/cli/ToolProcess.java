package dev.jitsideploy.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tool in a JVM of its own, as bin/jitsi-deploy starts it from the packaged jar: for tests that need another
 * process (a lock holder with its own pid, a process to send SIGINT to). SIGINT is reset to its default first: a
 * test JVM started from a background job inherits it ignored, and a JVM leaves an ignored SIGINT ignored.
 */
final class ToolProcess {

    private static final String DEFAULT_SIGINT_THEN_EXEC = "import os, signal, sys;"
            + " signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])";

    private ToolProcess() {
    }

    /** Starts {@code jitsi-deploy ARGS}, stdout and stderr both into {@code output}. */
    static Process start(Path output, String... args) throws IOException {
        Path checkout = Path.of("").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of("python3", "-c", DEFAULT_SIGINT_THEN_EXEC, "java", "-cp",
                checkout.resolve("target/jitsi-deploy.jar") + ":" + checkout.resolve("target/lib") + "/*",
                "-Djitsideploy.home=" + checkout, "dev.jitsideploy.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** Whether the process has a handler of its own for SIGINT (its SigCgt mask in /proc has bit 2). */
    static boolean catchesSigint(Process process) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("SigCgt:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }
}
