package dev.jitsideploy.cli;

import dev.jitsideploy.deploy.Interruption;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one invocation of the tool sees of the outside world. Tests build their own, so they can capture output and
 * pass an environment without touching the real one.
 */
record Session(PrintStream out, PrintStream err, InputStream in, Map<String, String> environment,
               Path workingDirectory, boolean interactive, Interruption interruption) {

    /** A session that nothing interrupts (tests; {@link Main} passes the one its Ctrl-C handler requests). */
    Session(PrintStream out, PrintStream err, InputStream in, Map<String, String> environment, Path workingDirectory,
            boolean interactive) {
        this(out, err, in, environment, workingDirectory, interactive, new Interruption());
    }

    Path resolve(String path) {
        return workingDirectory.resolve(path).normalize();
    }
}
