package dev.jitsideploy.remote;

/** What to do with a host key that known_hosts does not list yet. A changed key is refused under every policy. */
public enum HostKeyPolicy {
    /** Refuse any host key that is not already in known_hosts (the default). */
    STRICT,
    /** Accept a key for a host that known_hosts does not mention at all, and append it to known_hosts. */
    ACCEPT_NEW
}
