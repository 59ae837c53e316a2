package dev.jitsideploy.lab.jicofo;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The parts of jicofo.conf the stand-in honours, read with Typesafe Config as jicofo reads it:
 * {@code jicofo.xmpp.client.*} (where and as whom to log in) and {@code jicofo.authentication.*}.
 *
 * @param hostname       c2s host to dial
 * @param port           c2s port
 * @param xmppDomain     the main XMPP domain ({@code xmpp-domain}; defaults to {@code domain})
 * @param domain         the domain the focus user logs in to ({@code auth.<domain>})
 * @param username       the focus user's node
 * @param password       the focus user's password (never shown)
 * @param trustAnyCertificate {@code disable-certificate-verification}
 * @param clientProxy    the client_proxy component JID ({@code focus.<domain>}), or empty when not set
 * @param authentication what jicofo's authentication section asks for
 * @param sendsPresence  whether the focus announces itself with initial presence after login, as jicofo does
 *                       (default true); the lab-only key {@code jitsi-deploy-lab.send-initial-presence = false}
 *                       turns it off, to show what a focus relay that never learns jicofo's session looks like
 */
public record JicofoConfig(String hostname, int port, String xmppDomain, String domain, String username,
                           String password, boolean trustAnyCertificate, String clientProxy,
                           Authentication authentication, boolean sendsPresence) {

    /** {@code jicofo.authentication}: enabled, type (NONE, XMPP, JWT) and login-url (a domain, not a URL). */
    public record Authentication(boolean enabled, String type, String loginUrl) {

        /** Whether users outside {@link #loginUrl()} may not make the focus create rooms. */
        public boolean restrictsRoomCreation() {
            return enabled && !type.equals("NONE");
        }
    }

    @Override
    public String toString() {
        return "JicofoConfig[" + username + "@" + domain + " via " + hostname + ":" + port + ", password «redacted», "
                + authentication + "]";
    }

    public static JicofoConfig load(Path file) throws JicofoConfigException {
        if (!Files.isReadable(file)) {
            throw new JicofoConfigException(file + ": cannot read the file");
        }
        Config root;
        try {
            root = ConfigFactory.parseFile(file.toFile(),
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false)).resolve();
        } catch (ConfigException e) {
            throw new JicofoConfigException("not valid HOCON: " + withoutQuotedText(e.getMessage()));
        }
        Settings client = new Settings(root, "jicofo.xmpp.client", file);
        String domain = client.string("domain", null);
        int port = client.integer("port", 5222);
        if (port < 1 || port > 65535) {
            throw new JicofoConfigException(file + ": jicofo.xmpp.client.port out of range: " + port);
        }
        return new JicofoConfig(client.string("hostname", "localhost"), port, client.string("xmpp-domain", domain),
                domain, client.string("username", "focus"), client.string("password", null),
                client.bool("disable-certificate-verification", false), client.string("client-proxy", ""),
                authentication(new Settings(root, "jicofo.authentication", file), file),
                new Settings(root, "jitsi-deploy-lab", file).bool("send-initial-presence", true));
    }

    private static Authentication authentication(Settings section, Path file) throws JicofoConfigException {
        boolean enabled = section.bool("enabled", false);
        String type = section.string("type", "XMPP").toUpperCase(Locale.ROOT);
        if (!type.equals("NONE") && !type.equals("XMPP") && !type.equals("JWT")) {
            throw new JicofoConfigException(file + ": jicofo.authentication.type must be NONE, XMPP or JWT, got "
                    + type);
        }
        String loginUrl = section.string("login-url", "").trim();
        if (enabled && !type.equals("NONE") && loginUrl.isEmpty()) {
            throw new JicofoConfigException(file + ": jicofo.authentication is enabled with type " + type
                    + " but login-url (the XMPP domain of authenticated users) is not set");
        }
        return new Authentication(enabled, type, loginUrl);
    }

    /** Typed reads under one path, with messages that name the full key but never show a value. */
    private record Settings(Config root, String prefix, Path file) {

        private String key(String name) {
            return prefix + "." + name;
        }

        /** The value, or {@code fallback} when absent; a null fallback makes the key required. */
        String string(String name, String fallback) throws JicofoConfigException {
            try {
                if (!root.hasPath(key(name))) {
                    if (fallback == null) {
                        throw new JicofoConfigException(file + ": " + key(name) + " is not set");
                    }
                    return fallback;
                }
                return root.getString(key(name));
            } catch (ConfigException e) {
                throw new JicofoConfigException(file + ": " + key(name) + " must be a string");
            }
        }

        int integer(String name, int fallback) throws JicofoConfigException {
            try {
                return root.hasPath(key(name)) ? root.getInt(key(name)) : fallback;
            } catch (ConfigException e) {
                throw new JicofoConfigException(file + ": " + key(name) + " must be a whole number");
            }
        }

        boolean bool(String name, boolean fallback) throws JicofoConfigException {
            try {
                return root.hasPath(key(name)) ? root.getBoolean(key(name)) : fallback;
            } catch (ConfigException e) {
                throw new JicofoConfigException(file + ": " + key(name) + " must be true or false");
            }
        }
    }

    /** Typesafe Config quotes the offending text, which in this file may be part of the focus password. */
    private static String withoutQuotedText(String message) {
        return message.replaceAll("'[^']*'", "'…'").replaceAll("\"[^\"]*\"", "\"…\"");
    }
}
