package dev.jitsideploy.plan;

import dev.jitsideploy.render.RenderedFile;
import dev.jitsideploy.secrets.Secret;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Makes a config file's text safe to show. Known secrets are replaced wherever they appear; on top of that the value
 * of every setting whose name says it is secret is replaced, so a secret the tool does not know (the host's old
 * app_secret before a rotation, a focus password) never shows either.
 */
public final class SecretRedaction {

    static final String REDACTED = RenderedFile.REDACTED;

    // name [=:] "quoted" | 'quoted' | bare value, for names like app_secret, external_service_secret, password
    private static final Pattern SECRET_SETTING = Pattern.compile(
            "(?im)^(\\s*[\\w.\"-]*(?:secret|password|passwd|private_key)[\\w\"-]*\\s*[=:]\\s*)"
                    + "(\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*'|[^\\s,;{}]+)");

    private SecretRedaction() {
    }

    public static String redact(String text, List<Secret> known) {
        String withoutKnown = RenderedFile.redact(text, known);
        return SECRET_SETTING.matcher(withoutKnown).replaceAll(match -> java.util.regex.Matcher.quoteReplacement(
                match.group(1) + (match.group(2).startsWith("\"") ? "\"" + REDACTED + "\""
                        : match.group(2).startsWith("'") ? "'" + REDACTED + "'" : REDACTED)));
    }
}
