package dev.jitsideploy.secrets;

import dev.jitsideploy.inventory.InputFile;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.SecretFilePermissions;
import dev.jitsideploy.inventory.SecretRef;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

/**
 * Reads a secret from its reference. {@link FleetCredentials#resolve} calls it for the token credentials, once per
 * run; the SSH settings ({@code ssh.sudo_password}, {@code ssh.identity_passphrase}) for theirs.
 */
public final class SecretResolver {

    private final Map<String, String> environment;

    /** @param environment the process environment (tests pass their own) */
    public SecretResolver(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
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
        if (ref instanceof SecretRef.File file) {
            return read(file);
        }
        SecretRef.Env env = (SecretRef.Env) ref;
        String value = environment.get(env.name());
        if (value == null) {
            throw new InvalidInputException(env.at().problem("environment variable " + env.name()
                    + " is not set; export it with the secret's value before running jitsi-deploy"));
        }
        return nonEmpty(value, ref);
    }

    /** The secret in {@code file} (also a backup that no inventory names, {@link SecretFileStore#previous}). */
    static Secret read(SecretRef.File file) throws InvalidInputException {
        return nonEmpty(readFile(file), file);
    }

    private static Secret nonEmpty(String value, SecretRef ref) throws InvalidInputException {
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
