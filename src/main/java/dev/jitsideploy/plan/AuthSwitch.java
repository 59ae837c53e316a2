package dev.jitsideploy.plan;

import dev.jitsideploy.secrets.AuthFingerprint;

/**
 * The token credentials a run deploys on a host and the ones the host ran before it, as fingerprints (never the
 * secret): kept with the run's backup so that a rollback knows what it puts back.
 */
public record AuthSwitch(AuthFingerprint deployed, AuthFingerprint replaced) {

    public boolean changes() {
        return !deployed.equals(replaced);
    }
}
