package dev.jitsideploy.secrets;

import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.SecretRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes a new value behind a secret reference, keeping the previous one as a backup, and restores from that backup.
 * Only {@code {file: PATH}} references can be written. The file gets the value plus one newline (as the resolver
 * reads it back), mode 0600; the backup is {@code PATH.previous}, also 0600. Exception messages name paths, never
 * values.
 */
public final class SecretFileStore {

    /** Appended to the secret file's name for the backup of the previous value. */
    public static final String BACKUP_SUFFIX = ".previous";

    /** Where the previous value of {@code file} is kept. */
    public static Path backupOf(Path file) {
        return file.resolveSibling(file.getFileName() + BACKUP_SUFFIX);
    }

    /**
     * Stores {@code value} where {@code ref} points.
     *
     * @return the file written
     * @throws InvalidInputException when {@code ref} is an environment variable, which this process cannot change
     * @throws IOException           when the file cannot be written; the old value is then still in place
     */
    public Path replace(SecretRef ref, Secret value) throws InvalidInputException, IOException {
        Optional<InputProblem> problem = unwritable(ref);
        if (problem.isPresent()) {
            throw new InvalidInputException(problem.get());
        }
        return replace(((SecretRef.File) ref).path(), value);
    }

    /** Why a new value cannot be stored behind {@code ref} (an environment variable), or empty for a file. */
    public static Optional<InputProblem> unwritable(SecretRef ref) {
        if (ref instanceof SecretRef.Env env) {
            return Optional.of(env.at().problem("the app secret comes from " + env.describe()
                    + ", which jitsi-deploy cannot change for the processes that set it. Either move the secret to a"
                    + " file (write it to a file with mode 0600 and set app_secret: {file: PATH}), or pass"
                    + " --secret-out FILE to have the new secret written to FILE, then update " + env.name()
                    + " from it"));
        }
        return Optional.empty();
    }

    /**
     * Stores {@code value} in {@code file}: the current contents, if any, are first copied to {@link #backupOf} (a
     * backup from an earlier run is replaced), then the file is replaced atomically. A symbolic link is followed, so
     * the file it points at is replaced and the link stays.
     *
     * @return the file written (the link's target when {@code file} is a link)
     */
    public Path replace(Path file, Secret value) throws IOException {
        Path target = Files.exists(file) ? file.toRealPath() : file.toAbsolutePath();
        if (Files.exists(target)) {
            AtomicFileWrite.write(backupOf(target), Files.readAllBytes(target), AtomicFileWrite.OWNER_ONLY);
        }
        AtomicFileWrite.write(target, (value.reveal() + "\n").getBytes(StandardCharsets.UTF_8),
                AtomicFileWrite.OWNER_ONLY);
        return target;
    }

    /**
     * Puts the previous value back: {@link #backupOf} is renamed over the file in one atomic step, so afterwards the
     * file holds the old value and there is no backup (the value being undone is gone, as it should be when a
     * rotation is rolled back).
     *
     * @throws IOException when there is no backup or it cannot be renamed; the file is then unchanged
     */
    public Path restore(Path file) throws IOException {
        Path target = Files.exists(file) ? file.toRealPath() : file.toAbsolutePath();
        Path backup = backupOf(target);
        if (!Files.isRegularFile(backup)) {
            throw new IOException("no backup " + backup + " to restore " + target + " from");
        }
        AtomicFileWrite.rename(backup, target);
        return target;
    }
}
