package dev.jitsideploy.remote.agent;

import java.security.PublicKey;
import java.util.Arrays;

/**
 * One key the ssh-agent offers: its public key blob exactly as the agent sent it (what goes into the publickey
 * request and the sign request), the key decoded, and the comment ssh-add gave it (usually the key file's name).
 */
public record AgentIdentity(byte[] blob, PublicKey key, String comment) {

    public AgentIdentity {
        blob = blob.clone();
    }

    @Override
    public byte[] blob() {
        return blob.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AgentIdentity that && Arrays.equals(blob, that.blob);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return "AgentIdentity[" + comment + "]";
    }
}
