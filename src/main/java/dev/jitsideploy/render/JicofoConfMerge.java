package dev.jitsideploy.render;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.parser.ConfigDocument;
import com.typesafe.config.parser.ConfigDocumentFactory;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import java.nio.file.Path;

/**
 * Sets {@code jicofo.authentication} in an existing jicofo.conf and leaves everything else byte for byte (the focus
 * password, comments, layout), by editing Typesafe Config's document model instead of the text.
 */
public final class JicofoConfMerge {

    private static final String AUTH = "jicofo.authentication";
    private static final ConfigParseOptions HOCON = ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF);

    private JicofoConfMerge() {
    }

    /**
     * The text of {@code current} with {@code jicofo.authentication} set: enabled with {@code type = JWT} and
     * {@code login-url = <loginDomain>} when {@code enabled}, otherwise {@code enabled = false} alone.
     *
     * @param remotePath where the file lives on the host, used to locate a parse error
     * @throws InvalidInputException when {@code current} is not valid HOCON (the message has the line, never text)
     */
    public static String merge(String current, boolean enabled, String loginDomain, String remotePath)
            throws InvalidInputException {
        try {
            // Parse fully first: ConfigDocument accepts some text that Config (what jicofo runs) refuses.
            ConfigFactory.parseString(current, HOCON);
            ConfigDocument document = ConfigDocumentFactory.parseString(current, HOCON);
            // withValue replaces a setting where it stands (and appends it only when missing), so merging the
            // result again changes nothing. Removing and re-adding a setting would not be a fixed point: the
            // library leaves the removed line's indentation and newline behind, one blank line per run.
            document = document.withValue(AUTH + ".enabled", ConfigValueFactory.fromAnyRef(enabled));
            if (enabled) {
                document = document.withValue(AUTH + ".type", ConfigValueFactory.fromAnyRef("JWT"))
                        .withValue(AUTH + ".login-url", ConfigValueFactory.fromAnyRef(loginDomain));
            } else {
                document = withoutSetting(document, AUTH + ".type");
                document = withoutSetting(document, AUTH + ".login-url");
            }
            String merged = document.render();
            if (!merged.equals(current)) {   // the same text (a host already merged) parsed above
                ConfigFactory.parseString(merged, HOCON);
            }
            return merged;
        } catch (ConfigException e) {
            int line = e.origin() == null ? 0 : e.origin().lineNumber();
            // The library's message may quote the file's text (and so the focus password): report the line only.
            throw new InvalidInputException(new InputProblem(Path.of(remotePath), Math.max(line, 0), 1,
                    "the current jicofo.conf is not valid HOCON; fix it on the host (jicofo would not start"
                            + " either) and run again"));
        }
    }

    /** {@code document} without {@code path}; unchanged (not even its whitespace) when the path is not set. */
    private static ConfigDocument withoutSetting(ConfigDocument document, String path) {
        return document.hasPath(path) ? document.withoutPath(path) : document;
    }

    /**
     * A stock jicofo.conf for a host that has none yet, with what the jicofo package's installer would write except
     * the focus password (which only the installer knows); used by {@code render} when no remote copy is available.
     */
    public static String skeleton(String domain, String authDomain, String focusComponent) {
        return "# jicofo.conf skeleton written by jitsi-deploy because no copy of the host's file was available.\n"
                + "# On a real host jitsi-deploy merges into the existing file, which keeps the focus password.\n"
                + "jicofo {\n"
                + "  xmpp {\n"
                + "    client {\n"
                + "      client-proxy = " + ConfigValueFactory.fromAnyRef(focusComponent).render() + "\n"
                + "      xmpp-domain = " + ConfigValueFactory.fromAnyRef(domain).render() + "\n"
                + "      domain = " + ConfigValueFactory.fromAnyRef(authDomain).render() + "\n"
                + "      username = \"focus\"\n"
                + "      # password = \"...\" is written by the jicofo package's installer\n"
                + "    }\n"
                + "  }\n"
                + "}\n";
    }
}
