package dev.jitsideploy.render;

import dev.jitsideploy.secrets.Secret;

/**
 * Values the Jitsi installer generated on the host, read from the current remote files (see
 * {@link VhostCarryOver#read(String)} and {@link TenantSsi#of(byte[])}) and written back unchanged, never regenerated.
 *
 * @param turnSecret Prosody {@code external_service_secret} (the TURN credentials secret shared with coturn);
 *                   null when the host has none, and then the TURN entries are left out of the rendered file
 * @param tenantSsi  the nginx SSI expressions of the host's config.js (tenant URLs)
 */
public record CarriedOverValues(Secret turnSecret, TenantSsi tenantSsi) {

    /** Only a TURN secret (the vhost's values). */
    public CarriedOverValues(Secret turnSecret) {
        this(turnSecret, TenantSsi.none());
    }

    /** The same values with the SSI expressions of the host's config.js. */
    public CarriedOverValues withTenantSsi(TenantSsi ssi) {
        return new CarriedOverValues(turnSecret, ssi);
    }

    /** Nothing carried over (a host without a vhost file yet, or {@code validate}/{@code render} offline). */
    public static CarriedOverValues none() {
        return new CarriedOverValues(null, TenantSsi.none());
    }
}
