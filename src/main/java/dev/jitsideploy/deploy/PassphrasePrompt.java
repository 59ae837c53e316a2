package dev.jitsideploy.deploy;

import java.util.Optional;

/** Asks the operator for a key file's passphrase (on a console, without echo). */
@FunctionalInterface
public interface PassphrasePrompt {

    /** The passphrase typed after {@code prompt}; empty when the operator gave none (end of input). */
    Optional<char[]> ask(String prompt);
}
