package dev.jitsideploy.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** A secret file must exist and be readable by its owner only, like an SSH private key. */
public final class SecretFilePermissions {

    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecretFilePermissions() {
    }

    /** The problem with {@code ref}'s file, if any; the file's contents are not read. */
    public static Optional<InputProblem> problem(SecretRef.File ref) {
        if (!Files.exists(ref.path())) {
            return Optional.of(ref.at().problem("secret file " + ref.path() + " does not exist; create it (mode 0600)"
                    + " or fix the path (relative to the inventory's directory)"));
        }
        Optional<InputProblem> unusable = InputFile.problem(ref.path(), "secret file", InputFile.SECRET_MAX_BYTES,
                ref.at());
        if (unusable.isPresent()) {
            return unusable;
        }
        try {
            Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
            permissions.addAll(Files.getPosixFilePermissions(ref.path()));
            permissions.retainAll(TOO_OPEN);
            if (!permissions.isEmpty()) {
                return Optional.of(ref.at().problem("secret file " + ref.path()
                        + " can be read or changed by group or others; run: chmod 600 " + ref.path()));
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of(ref.at().problem("cannot check the permissions of secret file " + ref.path()
                    + "; it must be on a POSIX file system, mode 0600"));
        }
        // root reads any file; a mode without the owner's read bit is still a mistake worth naming.
        if (!Files.isReadable(ref.path()) || !ownerCanRead(ref)) {
            return Optional.of(ref.at().problem("secret file " + ref.path() + " is not readable by its owner or by"
                    + " this user; run: chmod 600 " + ref.path() + ", as the user that runs jitsi-deploy"));
        }
        return Optional.empty();
    }

    private static boolean ownerCanRead(SecretRef.File ref) {
        try {
            return Files.getPosixFilePermissions(ref.path()).contains(PosixFilePermission.OWNER_READ);
        } catch (IOException e) {
            return false;
        }
    }
}
