package dev.jitsideploy.plan;

import dev.jitsideploy.inventory.ServiceNames;

/** A service jitsi-deploy may restart, in the order restarts happen. */
public enum Restart {
    PROSODY, JICOFO, VIDEOBRIDGE;

    /** The name the host's service manager knows it by. */
    public String serviceName(ServiceNames names) {
        return switch (this) {
            case PROSODY -> names.prosody();
            case JICOFO -> names.jicofo();
            case VIDEOBRIDGE -> names.videobridge();
        };
    }

    /** As written in the pending-restart marker and reports. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
