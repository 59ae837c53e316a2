package dev.jitsideploy.secrets;

import dev.jitsideploy.inventory.InputFile;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.SecretFilePermissions;
import dev.jitsideploy.inventory.SecretRef;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** Reads secrets from their references, only when a value is needed. */
public final class SecretResolver {

    private final Map<String, String> environment;
    /** Values that stand in for a reference's during a rotation, by {@link SecretRef#describe()}. */
    private final Map<String, Secret> overrides;

    /** @param environment the process environment (tests pass their own) */
    public SecretResolver(Map<String, String> environment) {
        this(environment, Map.of());
    }

    private SecretResolver(Map<String, String> environment, Map<String, Secret> overrides) {
        this.environment = Map.copyOf(environment);
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * A resolver that answers {@code value} for {@code ref} (and for every reference to the same variable or file)
     * and reads every other reference as this one does: a rotation deploys the new secret before it is stored.
     */
    public SecretResolver overriding(SecretRef ref, Secret value) {
        Map<String, Secret> more = new java.util.HashMap<>(overrides);
        more.put(ref.describe(), value);
        return new SecretResolver(environment, more);
    }

    /**
     * Every value of {@code ref} this resolver knows: the one it resolves to and, when overridden, the one stored
     * behind the reference. Both must be redacted from anything shown during a rotation.
     */
    public List<Secret> knownValues(SecretRef ref) throws InvalidInputException {
        Secret stored = new SecretResolver(environment).resolve(ref);
        Secret override = overrides.get(ref.describe());
        return override == null ? List.of(stored) : List.of(override, stored);
    }

    /** Whether the value behind {@code ref} can be read at all (a set variable, an existing file). */
    public boolean isAvailable(SecretRef ref) {
        if (ref instanceof SecretRef.Env env) {
            return environment.containsKey(env.name());
        }
        return Files.isRegularFile(((SecretRef.File) ref).path());
    }

    /**
     * The value behind {@code ref}. A missing variable or file, a file readable by group or others, or an empty
     * value is an error located at the reference; the message never contains the value. One trailing newline of a
     * file is dropped (editors add it).
     */
    public Secret resolve(SecretRef ref) throws InvalidInputException {
        Secret override = overrides.get(ref.describe());
        if (override != null) {
            return override;
        }
        String value;
        if (ref instanceof SecretRef.Env env) {
            value = environment.get(env.name());
            if (value == null) {
                throw new InvalidInputException(env.at().problem("environment variable " + env.name()
                        + " is not set; export it with the secret's value before running jitsi-deploy"));
            }
        } else {
            value = readFile((SecretRef.File) ref);
        }
        if (value.isEmpty()) {
            throw new InvalidInputException(ref.at().problem("the secret in " + ref.describe() + " is empty"));
        }
        return new Secret(value, ref.describe());
    }

    private static String readFile(SecretRef.File file) throws InvalidInputException {
        var problem = SecretFilePermissions.problem(file);
        if (problem.isPresent()) {
            throw new InvalidInputException(problem.get());
        }
        try {
            byte[] bytes = InputFile.read(file.path(), "secret file", InputFile.SECRET_MAX_BYTES);
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            if (text.endsWith("\r\n")) {
                return text.substring(0, text.length() - 2);
            }
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file.at().problem("secret file " + file.path() + " is not valid UTF-8"
                    + " text; write the secret as text"));
        } catch (InputFile.UnusableInputFile e) {
            throw new InvalidInputException(file.at().problem(e.getMessage()));
        }
    }
}
