package dev.jitsideploy.render;

/** Reads the installer-generated values out of a host's current Prosody vhost file. */
public final class VhostCarryOver {

    private VhostCarryOver() {
    }

    /** The values found in {@code currentVhostText} (the text of the remote file), {@link CarriedOverValues#none()} if none. */
    public static CarriedOverValues read(String currentVhostText) {
        return CarriedOverValues.none();
    }
}
