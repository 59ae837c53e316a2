package dev.jitsideploy.inventory;

import java.nio.file.Path;

/**
 * One thing wrong with the operator's input, located in a file. Printed as {@code FILE:LINE:COLUMN: message}; the
 * message says what is wrong and how to fix it, and never carries a secret's value.
 */
public record InputProblem(Path file, int line, int column, String message) {

    /** A problem with the file as a whole (it is missing, unreadable, ...). */
    public static InputProblem inFile(Path file, String message) {
        return new InputProblem(file, 0, 0, message);
    }

    /** Control characters are escaped, so a value quoted in the message cannot drive the terminal. */
    @Override
    public String toString() {
        String where = Shown.escaped(String.valueOf(file));
        if (line <= 0) {
            return where + ": " + Shown.escaped(message);
        }
        return where + ":" + line + ":" + column + ": " + Shown.escaped(message);
    }
}
