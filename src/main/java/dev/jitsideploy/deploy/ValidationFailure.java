package dev.jitsideploy.deploy;

/** A rendered file does not parse; it was not swapped in. The message names the file and line, never its text. */
public final class ValidationFailure extends Exception {

    public ValidationFailure(String message) {
        super(message);
    }
}
