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
 */
public record JicofoConfig(String hostname, int port, String xmppDomain, String domain, String username,
                           String password, boolean trustAnyCertificate, String clientProxy,
                           Authentication authentication) {

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
            throw new JicofoConfigException(file + ": not valid HOCON: " + withoutQuotedText(e.getMessage()));
        }
        try {
            Config client = root.getConfig("jicofo.xmpp.client");
            String domain = client.getString("domain");
            String hostname = client.hasPath("hostname") ? client.getString("hostname") : "localhost";
            int port = client.hasPath("port") ? client.getInt("port") : 5222;
            if (port < 1 || port > 65535) {
                throw new JicofoConfigException(file + ": jicofo.xmpp.client.port out of range: " + port);
            }
            Authentication authentication = authentication(root, file);
            return new JicofoConfig(hostname, port,
                    client.hasPath("xmpp-domain") ? client.getString("xmpp-domain") : domain,
                    domain,
                    client.hasPath("username") ? client.getString("username") : "focus",
                    client.getString("password"),
                    client.hasPath("disable-certificate-verification")
                            && client.getBoolean("disable-certificate-verification"),
                    client.hasPath("client-proxy") ? client.getString("client-proxy") : "",
                    authentication);
        } catch (ConfigException e) {
            throw new JicofoConfigException(file + ": " + withoutQuotedText(e.getMessage()));
        }
    }

    private static Authentication authentication(Config root, Path file) throws JicofoConfigException {
        if (!root.hasPath("jicofo.authentication")) {
            return new Authentication(false, "NONE", "");
        }
        Config section = root.getConfig("jicofo.authentication");
        boolean enabled = section.hasPath("enabled") && section.getBoolean("enabled");
        String type = section.hasPath("type") ? section.getString("type").toUpperCase(Locale.ROOT) : "XMPP";
        if (!type.equals("NONE") && !type.equals("XMPP") && !type.equals("JWT")) {
            throw new JicofoConfigException(file + ": jicofo.authentication.type must be NONE, XMPP or JWT, got "
                    + type);
        }
        String loginUrl = section.hasPath("login-url") ? section.getString("login-url") : "";
        if (enabled && !type.equals("NONE") && loginUrl.isBlank()) {
            throw new JicofoConfigException(file + ": jicofo.authentication is enabled with type " + type
                    + " but login-url (the XMPP domain of authenticated users) is not set");
        }
        return new Authentication(enabled, type, loginUrl.trim());
    }

    /** Typesafe Config quotes the offending text, which in this file may be part of the focus password. */
    private static String withoutQuotedText(String message) {
        return message.replaceAll("'[^']*'", "'…'").replaceAll("\"[^\"]*\"", "\"…\"");
    }
}
