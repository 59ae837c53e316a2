package dev.jitsideploy.render;

import dev.jitsideploy.secrets.Secret;

/**
 * Values the Jitsi installer generated on the host, read from the current remote vhost file (see
 * {@link VhostCarryOver#read(String)}) and written back unchanged, never regenerated.
 *
 * @param turnSecret Prosody {@code external_service_secret} (the TURN credentials secret shared with coturn);
 *                   null when the host has none, and then the TURN entries are left out of the rendered file
 */
public record CarriedOverValues(Secret turnSecret) {

    /** Nothing carried over (a host without a vhost file yet, or {@code validate}/{@code render} offline). */
    public static CarriedOverValues none() {
        return new CarriedOverValues(null);
    }
}
