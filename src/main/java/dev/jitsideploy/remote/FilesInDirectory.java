package dev.jitsideploy.remote;

import java.util.Objects;

/**
 * The regular files directly in a directory whose names end with a suffix, e.g. the {@code .pem} files of a key
 * server's directory.
 *
 * @param directory absolute directory path, ending in {@code /}
 * @param suffix    the end of the file names, e.g. {@code .pem}
 */
public record FilesInDirectory(String directory, String suffix) {

    public FilesInDirectory {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(suffix, "suffix");
        if (!directory.startsWith("/") || !directory.endsWith("/")) {
            throw new IllegalArgumentException("directory must be absolute and end in '/': " + directory);
        }
    }
}
