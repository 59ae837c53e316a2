package dev.jitsideploy.remote.agent;

import java.io.IOException;

/** The ssh-agent could not be reached or did not answer as the protocol says. The message names the socket. */
public final class AgentException extends IOException {

    private final boolean socketMissing;

    AgentException(String message, boolean socketMissing) {
        super(message);
        this.socketMissing = socketMissing;
    }

    AgentException(String message, Throwable cause) {
        super(message, cause);
        this.socketMissing = false;
    }

    /** The socket file does not exist: no agent runs there (any more). */
    public boolean socketMissing() {
        return socketMissing;
    }
}
