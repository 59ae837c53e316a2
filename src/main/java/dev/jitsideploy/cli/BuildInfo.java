package dev.jitsideploy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version and git commit this jar was built from (jitsi-deploy/version.properties, filled in by Maven). */
record BuildInfo(String version, String commit, boolean dirty) {

    static BuildInfo current() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/jitsi-deploy/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource reads as "unknown", like a missing one
        }
        return new BuildInfo(known(properties.getProperty("version")), known(properties.getProperty("commit")),
                "true".equals(properties.getProperty("dirty")));
    }

    /** A value Maven did not fill in (a build without git) is "unknown". */
    private static String known(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
    }

    String line() {
        return "jitsi-deploy " + version + " (commit " + commit + (dirty ? ", with uncommitted changes" : "") + ")";
    }
}
