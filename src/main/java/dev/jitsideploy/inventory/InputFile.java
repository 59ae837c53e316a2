package dev.jitsideploy.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * A local file the operator hands the tool (inventory, secret, key, template, CA file). Only a regular file is
 * accepted: a FIFO or device would block or never end. Reads are capped, so a huge file is refused with the cap in
 * the message instead of filling the memory.
 */
public final class InputFile {

    /** An inventory of hundreds of hosts is well under this. */
    public static final long INVENTORY_MAX_BYTES = 1024 * 1024;
    /** A secret is a line of text; a private key PEM a few KiB. */
    public static final long SECRET_MAX_BYTES = 64 * 1024;
    /** Templates, CA bundles and key files. */
    public static final long TEXT_MAX_BYTES = 1024 * 1024;

    private InputFile() {
    }

    /**
     * Why {@code file} cannot be used as an input (not there, not a regular file, larger than {@code maxBytes}), or
     * empty when it can. {@code what} names the file for the operator ("secret file", "inventory", ...).
     */
    public static Optional<String> refusal(Path file, String what, long maxBytes) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.of(what + " " + Shown.escaped(file.toString()) + " does not exist");
        } catch (IOException e) {
            return Optional.of(what + " " + Shown.escaped(file.toString()) + " cannot be read; check its permissions");
        }
        if (!attributes.isRegularFile()) {
            return Optional.of(what + " " + Shown.escaped(file.toString()) + " is not a regular file ("
                    + (attributes.isDirectory() ? "a directory" : "a pipe, socket or device")
                    + "); give the path of a plain file");
        }
        if (attributes.size() > maxBytes) {
            return Optional.of(tooLarge(file, what, maxBytes));
        }
        return Optional.empty();
    }

    /** {@link #refusal} located at {@code at}. */
    public static Optional<InputProblem> problem(Path file, String what, long maxBytes, Location at) {
        return refusal(file, what, maxBytes).map(at::problem);
    }

    /**
     * The bytes of {@code file}, after {@link #refusal}'s checks; at most {@code maxBytes} are read even if the file
     * grows meanwhile.
     *
     * @throws UnusableInputFile with a message fit for the operator (no exception text, no contents)
     */
    public static byte[] read(Path file, String what, long maxBytes) throws UnusableInputFile {
        Optional<String> refusal = refusal(file, what, maxBytes);
        if (refusal.isPresent()) {
            throw new UnusableInputFile(refusal.get());
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new UnusableInputFile(tooLarge(file, what, maxBytes));
            }
            return bytes;
        } catch (AccessDeniedException e) {
            throw new UnusableInputFile(what + " " + Shown.escaped(file.toString())
                    + " is not readable by this user; fix its owner or run jitsi-deploy as its owner");
        } catch (IOException e) {
            throw new UnusableInputFile(what + " " + Shown.escaped(file.toString()) + " cannot be read; check it"
                    + " is a readable plain file");
        }
    }

    private static String tooLarge(Path file, String what, long maxBytes) {
        return what + " " + Shown.escaped(file.toString()) + " is larger than the limit of " + maxBytes
                + " bytes; give the right file";
    }

    /** A file that cannot be used as input; the message is meant for the operator. */
    public static final class UnusableInputFile extends Exception {
        public UnusableInputFile(String message) {
            super(message);
        }
    }
}
