package dev.jitsideploy.inventory;

import java.util.regex.Pattern;

/** DNS names as Jitsi and Prosody accept them for XMPP domains: lowercase labels, at least two of them. */
final class DomainName {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private DomainName() {
    }

    static boolean isValid(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }
}
