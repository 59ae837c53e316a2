package dev.jitsideploy.inventory;

import java.nio.file.Path;

/**
 * Where a secret can be found; the inventory never holds a secret's value. Resolve it with
 * {@code dev.jitsideploy.secrets.SecretResolver} only when the value is needed.
 */
public sealed interface SecretRef {

    /** Where the reference was written, for error messages. */
    Location at();

    /** A description safe to print (names the variable or file, never the value). */
    String describe();

    /** {@code {env: NAME}}: the value of an environment variable of the tool's process. */
    record Env(String name, Location at) implements SecretRef {
        @Override
        public String describe() {
            return "environment variable " + name;
        }
    }

    /**
     * {@code {file: path}}: the contents of a local file (trailing newline dropped), which must be mode 0600 or
     * stricter.
     */
    record File(Path path, Location at) implements SecretRef {
        @Override
        public String describe() {
            return "file " + path;
        }
    }
}
