package dev.jitsideploy.secrets;

import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.SecretRef;
import java.util.Map;

/** Reads secrets from their references, only when a value is needed. */
public final class SecretResolver {

    private final Map<String, String> environment;

    /** @param environment the process environment (tests pass their own) */
    public SecretResolver(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * The value behind {@code ref}. A missing variable or file, a file readable by group or others, or an empty
     * value is an error located at the reference; the message never contains the value.
     */
    public Secret resolve(SecretRef ref) throws InvalidInputException {
        throw new UnsupportedOperationException("not implemented yet " + environment.size());
    }
}
