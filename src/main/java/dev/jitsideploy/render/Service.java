package dev.jitsideploy.render;

/** The service a rendered file feeds, i.e. what must be restarted when the file changes. */
public enum Service {
    /** Prosody (and, after it, jicofo and the videobridge, whose XMPP sessions drop). */
    PROSODY,
    /** jicofo only. */
    JICOFO,
    /** Nothing server-side (config.js is served by nginx as a file). */
    NONE
}
