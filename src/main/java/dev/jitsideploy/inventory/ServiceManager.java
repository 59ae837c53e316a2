package dev.jitsideploy.inventory;

/** How services are restarted on a host. */
public enum ServiceManager {
    /** {@code systemctl restart NAME} (the default, as on a Debian/Ubuntu quick install). */
    SYSTEMD,
    /** {@code service NAME restart} (init.d scripts, as in the lab). */
    SYSV
}
