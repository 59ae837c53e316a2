package dev.jitsideploy.remote;

/** Quotes words for a POSIX shell command line, so paths and names are passed as data, never as syntax. */
public final class ShellQuoting {

    private ShellQuoting() {
    }

    /** One word in single quotes; a single quote inside becomes {@code '\''}. */
    public static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
