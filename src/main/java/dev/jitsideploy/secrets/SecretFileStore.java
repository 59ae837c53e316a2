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
    /** Appended to the secret file's name for a rotation's new value until it is committed. */
    public static final String PENDING_SUFFIX = ".next";

    /** Where the previous value of {@code file} is kept. */
    public static Path backupOf(Path file) {
        return file.resolveSibling(file.getFileName() + BACKUP_SUFFIX);
    }

    /**
     * The value kept in {@code file}'s backup ({@link #backupOf}), read as the secret file itself is (mode 0600, one
     * trailing newline dropped): what a rollback of a rotation puts back.
     *
     * @throws InvalidInputException located at {@code file}'s reference when there is no readable backup
     */
    public static Secret previous(SecretRef.File file) throws InvalidInputException {
        return SecretResolver.read(new SecretRef.File(backupOf(file.path()), file.at()));
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
        Path target = resolve(file);
        if (Files.exists(target)) {
            AtomicFileWrite.write(backupOf(target), Files.readAllBytes(target), AtomicFileWrite.OWNER_ONLY);
        }
        AtomicFileWrite.write(target, (value.reveal() + "\n").getBytes(StandardCharsets.UTF_8),
                AtomicFileWrite.OWNER_ONLY);
        return target;
    }

    /** Where a rotation keeps the new value of {@code file} until every host runs with it. */
    public static Path pendingOf(Path file) {
        return file.resolveSibling(file.getFileName() + PENDING_SUFFIX);
    }

    /**
     * Writes {@code value} next to {@code file} as {@link #pendingOf} (0600) before any host gets it, so that a run
     * killed half-way leaves the secret the hosts may already use on disk instead of nowhere.
     *
     * @return the pending file
     */
    public Path stage(Path file, Secret value) throws IOException {
        Path pending = pendingOf(resolve(file));
        AtomicFileWrite.write(pending, (value.reveal() + "\n").getBytes(StandardCharsets.UTF_8),
                AtomicFileWrite.OWNER_ONLY);
        return pending;
    }

    /**
     * Makes the staged value the file's ({@link #replace}: previous value to {@link #backupOf}, atomic write), then
     * removes the pending file.
     *
     * @return the file written
     */
    public Path commit(Path file) throws IOException {
        Path target = resolve(file);
        Path pending = pendingOf(target);
        String staged = Files.readString(pending, StandardCharsets.UTF_8);
        Path written = replace(target, new Secret(staged.substring(0, staged.length() - 1), target.toString()));
        Files.delete(pending);
        AtomicFileWrite.syncDirectory(pending.toAbsolutePath().getParent());
        return written;
    }

    /** Throws the staged value away (a rotation that was rolled back); the file itself was never changed. */
    public void discard(Path file) throws IOException {
        Files.deleteIfExists(pendingOf(resolve(file)));
    }

    /** A symbolic link is followed: the file it points at holds the value, and the link stays. */
    private static Path resolve(Path file) throws IOException {
        return Files.exists(file) ? file.toRealPath() : file.toAbsolutePath();
    }
}
