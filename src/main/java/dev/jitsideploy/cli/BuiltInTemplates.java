package dev.jitsideploy.cli;

import java.nio.file.Path;

/** Where the templates shipped with jitsi-deploy are: {@code <checkout>/templates}. */
final class BuiltInTemplates {

    private BuiltInTemplates() {
    }

    /**
     * The launcher passes the checkout as {@code -Djitsideploy.home}; without it (tests, IDE) the JVM's working
     * directory is taken to be the checkout.
     */
    static Path directory() {
        String home = System.getProperty("jitsideploy.home");
        return (home != null ? Path.of(home) : Path.of("").toAbsolutePath()).resolve("templates");
    }
}
