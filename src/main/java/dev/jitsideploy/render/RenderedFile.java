package dev.jitsideploy.render;

import dev.jitsideploy.secrets.Secret;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One file as it should be on the host.
 *
 * @param remotePath absolute path on the host
 * @param bytes      the full contents (UTF-8)
 * @param mode       POSIX permission bits, e.g. {@code 0640}
 * @param owner      owning user on the host
 * @param group      owning group on the host
 * @param feeds      the service to restart when the file changes
 * @param secrets    values that must be replaced by «redacted» wherever the contents are shown (diffs, logs)
 */
public record RenderedFile(String remotePath, byte[] bytes, int mode, String owner, String group, Service feeds,
                           List<Secret> secrets) {

    /** What a secret is shown as. */
    public static final String REDACTED = "«redacted»";


    public RenderedFile {
        bytes = bytes.clone();
        secrets = List.copyOf(secrets);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * {@code text} with each secret replaced by «redacted», both as is and in the escaped forms the templates write
     * it in (a secret with a quote appears as {@code \"} inside a Lua or HOCON string). Use it for anything shown
     * from a file that holds secrets, e.g. the remote file's current text in a diff.
     */
    public static String redact(String text, List<Secret> secrets) {
        String result = text;
        for (Secret secret : secrets) {
            String value = secret.reveal();
            if (value.isEmpty()) {
                continue;
            }
            for (String form : List.of(inner(StringLiteral.lua(value)), inner(StringLiteral.javascript(value)),
                    inner(com.typesafe.config.ConfigValueFactory.fromAnyRef(value).render()), value)) {
                result = result.replace(form, REDACTED);
            }
        }
        return result;
    }

    private static String inner(String quoted) {
        return quoted.startsWith("\"") && quoted.endsWith("\"") && quoted.length() >= 2
                ? quoted.substring(1, quoted.length() - 1) : quoted;
    }

    @Override
    public String toString() {
        return "RenderedFile[" + remotePath + ", " + bytes.length + " bytes, mode " + Integer.toOctalString(mode)
                + ", " + owner + ":" + group + ", feeds " + feeds + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RenderedFile file && file.remotePath.equals(remotePath)
                && java.util.Arrays.equals(file.bytes, bytes) && file.mode == mode && file.owner.equals(owner)
                && file.group.equals(group) && file.feeds == feeds;
    }

    @Override
    public int hashCode() {
        return remotePath.hashCode() * 31 + java.util.Arrays.hashCode(bytes);
    }
}
