package dev.jitsideploy.lab;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The lab's scripts and stand-ins ({@code src/lab} of the checkout), which the build puts in the jar under
 * {@value #RESOURCES}, written out as files so that bash can run them. The directory is named by a digest of the
 * contents and never rewritten: hosts keep running their namespace script from it after lab.sh has returned, and two
 * builds of the tool never share one. Files starting with {@code #!} are made executable (that is exactly the set
 * git keeps as 0755), the others 0644; the directories are root's alone (0700 at the top).
 */
final class LabFiles {

    static final String RESOURCES = "/jitsi-deploy/lab";

    private LabFiles() {
    }

    /** The directory holding lab.sh and its files, under {@code parent}; written on first use. */
    static Path extract(Path parent) throws IOException {
        Map<String, byte[]> files = read();
        Path target = parent.resolve(digest(files));
        if (Files.isRegularFile(target.resolve("lab.sh"))) {
            return target;
        }
        Files.createDirectories(parent);
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
        Path staging = Files.createTempDirectory(parent, ".new-");
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = staging.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
            boolean script = file.getValue().length > 1 && file.getValue()[0] == '#' && file.getValue()[1] == '!';
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(script ? "rwxr-xr-x" : "rw-r--r--"));
        }
        Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Another run wrote the same contents first; theirs is as good as ours.
            if (!Files.isRegularFile(target.resolve("lab.sh"))) {
                throw e;
            }
            deleteTree(staging);
        }
        return target;
    }

    /** Relative path (with '/') to contents, in a stable order. */
    private static Map<String, byte[]> read() throws IOException {
        URL root = LabFiles.class.getResource(RESOURCES);
        if (root == null) {
            throw new IOException("the lab's files are not in this build of jitsi-deploy (" + RESOURCES
                    + " is missing from the class path)");
        }
        try {
            URI uri = root.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return readTree(jar.getPath(RESOURCES));
                }
            }
            return readTree(Path.of(uri));
        } catch (URISyntaxException e) {
            throw new IOException("cannot read the lab's files at " + root, e);
        }
    }

    private static Map<String, byte[]> readTree(Path top) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(top)) {
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                files.put(top.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
            }
        }
        return files;
    }

    private static String digest(Map<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                sha.update(file.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(file.getValue());
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static void deleteTree(Path top) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(top)) {
            walk.forEach(paths::add);
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(paths.get(i));
        }
    }
}
