package dev.jitsideploy.cli;

import java.io.Console;
import java.nio.file.Path;

/** Entry point: the only place that exits the JVM. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Console console = System.console();
        Session session = new Session(System.out, System.err, System.in, System.getenv(),
                Path.of("").toAbsolutePath(), console != null);
        System.exit(new JitsiDeploy().run(session, args));
    }
}
