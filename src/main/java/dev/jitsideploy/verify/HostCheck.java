package dev.jitsideploy.verify;

/**
 * A check of one host made before the probe matrix (its clock, the config.js it serves) or a step that kept the
 * verification from starting at all.
 *
 * @param name   {@code clock}, {@code config.js}, {@code setup}, or a {@link KeyCheck}'s name
 * @param passed whether the host is fine on this point
 * @param detail what was found, a full sentence (never a secret)
 */
public record HostCheck(String name, boolean passed, String detail) {

    public static final String CLOCK = "clock";
    public static final String CONFIG_JS = "config.js";
    public static final String SETUP = "setup";

    public static HostCheck ok(String name, String detail) {
        return new HostCheck(name, true, detail);
    }

    public static HostCheck failed(String name, String detail) {
        return new HostCheck(name, false, detail);
    }

    @Override
    public String toString() {
        return (passed ? "ok   " : "FAIL ") + name + ": " + detail;
    }
}
