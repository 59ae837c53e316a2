package dev.jitsideploy.secrets;

import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.SecretRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What Jitsi requires of an HS256 app secret. Messages name the rule, never the value. */
public final class AppSecretRules {

    /** HS256 keys shorter than the hash output (32 bytes) weaken the MAC; JJWT refuses them too. */
    public static final int MIN_BYTES = 32;
    /** The jitsi-meet-tokens postinst refuses these, and they are risky in shell and sed. */
    public static final String FORBIDDEN = "/\\\"'`";

    private AppSecretRules() {
    }

    public static List<InputProblem> check(Secret secret, SecretRef ref) {
        List<InputProblem> problems = new ArrayList<>();
        int length = secret.reveal().getBytes(StandardCharsets.UTF_8).length;
        if (length < MIN_BYTES) {
            problems.add(ref.at().problem("the HS256 app secret in " + ref.describe() + " is " + length
                    + " bytes; use at least " + MIN_BYTES + " (e.g. openssl rand -hex 32)"));
        }
        if (secret.reveal().chars().anyMatch(c -> FORBIDDEN.indexOf(c) >= 0)) {
            problems.add(ref.at().problem("the app secret in " + ref.describe() + " contains one of / \\ \" ' `,"
                    + " which Jitsi's packages refuse; generate one without them (e.g. openssl rand -hex 32)"));
        }
        if (secret.reveal().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problems.add(ref.at().problem("the app secret in " + ref.describe() + " contains control characters"
                    + " (a newline in the middle?); keep it on one line"));
        }
        return problems;
    }
}
