package dev.jitsideploy.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jump hosts as OpenSSH's ProxyJump writes them: {@code [user@]host[:port]} (or {@code ssh://[user@]host[:port]}),
 * several separated by commas, first hop first; {@code none} means no jump host. Used for {@code ssh.proxy_jump}
 * and for a ProxyJump line of the operator's OpenSSH config alike.
 */
public record ProxyJump(List<Hop> hops) {

    private static final Pattern HOP = Pattern.compile(
            "(?:ssh://)?(?:([A-Za-z0-9_][A-Za-z0-9._-]*)@)?([A-Za-z0-9][A-Za-z0-9.-]*|\\[[0-9A-Fa-f:.]+])"
                    + "(?::([0-9]{1,5}))?");

    public ProxyJump {
        hops = List.copyOf(hops);
    }

    /** One jump host; user and port are null when not written (then the config or a default applies). */
    public record Hop(String user, String host, Integer port) {
    }

    /**
     * Parses the OpenSSH syntax.
     *
     * @throws IllegalArgumentException with a message naming the part that is wrong and showing the syntax
     */
    public static ProxyJump parse(String text) {
        if (text.strip().equalsIgnoreCase("none")) {
            return new ProxyJump(List.of());
        }
        List<Hop> hops = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            Matcher matcher = HOP.matcher(part.strip());
            Integer port = null;
            if (matcher.matches() && matcher.group(3) != null) {
                port = Integer.valueOf(matcher.group(3));
            }
            if (!matcher.matches() || port != null && (port < 1 || port > 65535)) {
                throw new IllegalArgumentException("'" + part.strip() + "' is not a jump host; write"
                        + " [user@]host[:port], several separated by commas, e.g. \"jump@bastion.example.com:22\"");
            }
            String host = matcher.group(2);
            if (host.startsWith("[")) {
                host = host.substring(1, host.length() - 1);
            }
            hops.add(new Hop(matcher.group(1), host, port));
        }
        return new ProxyJump(hops);
    }
}
