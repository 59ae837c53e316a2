package dev.jitsideploy.remote;

import java.nio.charset.StandardCharsets;

/**
 * What a remote command left behind. The output may hold secrets (it often shows config files), so callers decide
 * what of it to show; this package never copies it into an exception message.
 */
public record CommandResult(int exitStatus, byte[] stdout, byte[] stderr) {

    public boolean succeeded() {
        return exitStatus == 0;
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }
}
