package dev.jitsideploy.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jitsideploy.inventory.InputFile;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Writes and reads a {@link SavedPlan} as JSON with Jackson (snake_case, indented for review). Written owner-only
 * (0600) and atomically: a temporary file in the same directory, flushed, then renamed over the target, so a reader
 * never meets half a plan. Read back strictly: any file that is not a whole plan of this format, or that was edited
 * after it was written (its checksum), is one input problem naming the file.
 */
public final class PlanFile {

    /** A plan of a few hundred hosts is far below this; anything larger is not a plan. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String MAKE_A_NEW_ONE = "make a new plan with 'plan --out'";

    private PlanFile() {
    }

    /**
     * Why {@code file} cannot be written to, or nothing: checked before planning, so a typo in {@code --out} costs
     * no SSH round.
     */
    public static java.util.Optional<String> unwritable(Path file) {
        Path directory = file.toAbsolutePath().getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            return java.util.Optional.of("--out " + file + ": the directory " + directory
                    + " does not exist; give a path in an existing directory");
        }
        if (!Files.isWritable(directory)) {
            return java.util.Optional.of("--out " + file + ": the directory " + directory
                    + " is not writable by this user; give a path in a directory you can write to");
        }
        if (Files.isDirectory(file)) {
            return java.util.Optional.of("--out " + file + " is a directory; give a file name");
        }
        return java.util.Optional.empty();
    }

    /** Writes {@code plan} (with its checksum) to {@code file}, mode 0600, replacing it atomically. */
    public static void write(Path file, SavedPlan plan) throws IOException {
        SavedPlan sealed = plan.withChecksum(checksum(plan));
        byte[] bytes = (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(sealed) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        Path target = file.toAbsolutePath();
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The plan in {@code file}; anything else is one problem located in the file, with what to do. */
    public static SavedPlan read(Path file) throws InvalidInputException {
        byte[] bytes;
        try {
            bytes = InputFile.read(file, "plan file", MAX_BYTES);
        } catch (InputFile.UnusableInputFile e) {
            throw problem(InputProblem.inFile(file, e.getMessage()));
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            // Jackson reports an end inside an object as a parse error of its own words, not always as EOF.
            if (e instanceof JsonEOFException || e.getOriginalMessage().startsWith("Unexpected end-of-input")) {
                throw problem(at(file, e.getLocation(), "the plan file ends early (truncated?); " + MAKE_A_NEW_ONE));
            }
            throw problem(at(file, e.getLocation(), "not JSON (" + e.getOriginalMessage().lines().findFirst()
                    .orElse("") + "); give the file 'plan --out' wrote, or " + MAKE_A_NEW_ONE));
        } catch (IOException e) {
            throw problem(InputProblem.inFile(file, "cannot be read; " + MAKE_A_NEW_ONE));
        }
        if (tree == null || !tree.isObject() || !SavedPlan.FORMAT.equals(tree.path("format").asText(null))) {
            throw problem(InputProblem.inFile(file, "not a jitsi-deploy plan (it has no \"format\": \""
                    + SavedPlan.FORMAT + "\"); give the file 'plan --out' wrote"));
        }
        if (tree.path("format_version").asInt(-1) != SavedPlan.FORMAT_VERSION) {
            throw problem(InputProblem.inFile(file, "plan file format " + tree.path("format_version")
                    + ", this jitsi-deploy reads format " + SavedPlan.FORMAT_VERSION + "; " + MAKE_A_NEW_ONE
                    + " with this version"));
        }
        SavedPlan plan;
        try {
            plan = JSON.readValue(bytes, SavedPlan.class);
        } catch (JsonProcessingException e) {
            throw problem(at(file, e.getLocation(), "not a whole plan (" + shape(e) + "); it was edited or damaged: "
                    + MAKE_A_NEW_ONE));
        } catch (IOException e) {
            throw problem(InputProblem.inFile(file, "cannot be read; " + MAKE_A_NEW_ONE));
        }
        if (!plan.checksum().equals(checksum(plan))) {
            throw problem(InputProblem.inFile(file, "edited since 'plan --out' wrote it (its checksum does not"
                    + " match its contents); review and apply only what plan wrote: " + MAKE_A_NEW_ONE));
        }
        return plan;
    }

    /** sha256 of the plan's compact JSON with an empty checksum: what a hand edit of any field changes. */
    static String checksum(SavedPlan plan) {
        try {
            return Sha256.hex(JSON.writeValueAsBytes(plan.withChecksum("")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan record could not be written as JSON", e);
        }
    }

    /** What is wrong with the shape, in the file's own words: the field Jackson stopped at. */
    private static String shape(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (var reference : mapping.getPath()) {
                path.append(reference.getFieldName() != null ? "." + reference.getFieldName()
                        : "[" + reference.getIndex() + "]");
            }
            return "at " + path.substring(path.charAt(0) == '.' ? 1 : 0) + ": missing, unknown or of the wrong type";
        }
        return "missing, unknown or wrongly typed field";
    }

    private static InputProblem at(Path file, JsonLocation location, String message) {
        return location == null || location.getLineNr() <= 0 ? InputProblem.inFile(file, message)
                : new InputProblem(file, location.getLineNr(), location.getColumnNr(), message);
    }

    private static InvalidInputException problem(InputProblem problem) {
        return new InvalidInputException(List.of(problem));
    }
}
