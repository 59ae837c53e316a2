package dev.jitsideploy.remote;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who owns a file and its permission bits.
 *
 * @param owner user name
 * @param group group name
 * @param mode  permission bits, e.g. {@code 0640}
 */
public record OwnerAndMode(String owner, String group, int mode) {

    // Names go into shell commands; POSIX portable user/group names cannot carry shell syntax.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*\\$?");

    public OwnerAndMode {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(group, "group");
        if (!NAME.matcher(owner).matches() || !NAME.matcher(group).matches()) {
            throw new IllegalArgumentException("owner and group must be plain user/group names");
        }
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode out of range: " + Integer.toOctalString(mode));
        }
    }

    /** The mode as {@code chmod} takes it, e.g. {@code 0640}. */
    public String octalMode() {
        return String.format("%04o", mode);
    }

    @Override
    public String toString() {
        return owner + ":" + group + " " + octalMode();
    }
}
