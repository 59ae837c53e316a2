package dev.jitsideploy.remote;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands behind the file operations: scripts of {@code src/main/resources/host} called with their arguments,
 * kept apart from the SSH plumbing so they can be tested without a host. Every path and name is quoted.
 */
final class FileCommands {

    /** Exit status of a command that {@link #withTimeLimit} killed (128 + SIGKILL). */
    static final int KILLED_BY_TIME_LIMIT = 137;

    /** Also in host/finish-file.sh, which removes the temp files an interrupted write left. */
    private static final String TEMP_MARK = ".jitsi-deploy-";
    private static final HostScript READ_FILES = HostScript.named("read-files");
    private static final HostScript FINISH_FILE = HostScript.named("finish-file");
    private static final HostScript REMOVE_STAGED = HostScript.named("remove-staged");
    private static final HostScript SYMLINK = HostScript.named("symlink");

    private FileCommands() {
    }

    /**
     * Runs {@code command}, one simple command (a program and its quoted arguments), under coreutils'
     * {@code timeout}, which kills the command's whole process group when the limit is reached. The login shell
     * becomes {@code timeout} and {@code timeout} runs the command itself: no shell in between.
     */
    static String withTimeLimit(String command, java.time.Duration limit) {
        return "exec timeout -s KILL " + String.format(java.util.Locale.ROOT, "%.3f", limit.toMillis() / 1000.0)
                + " " + command;
    }

    /**
     * For each path in turn: {@code absent}, or a line {@code MODE OWNER GROUP SIZE}; then a line {@code data} and
     * the bytes of the files there, in order ({@code host/read-files.sh}). One command for many files saves a round
     * trip per file.
     */
    static String readAll(List<String> paths) {
        return readAll(paths, List.of());
    }

    /**
     * Like {@link #readAll}, with every regular file directly in each of {@code directories} whose name ends with its
     * suffix: after the paths' lines and before {@code data}, a line {@code entry PATHSIZE MODE OWNER GROUP SIZE}
     * then PATHSIZE bytes of its path, per file; its bytes come after {@code data}, after those of the paths. The path
     * is framed by its length, so no file name can break the answer.
     */
    static String readAll(List<String> paths, List<FilesInDirectory> directories) {
        List<String> arguments = new ArrayList<>(List.of(Integer.toString(paths.size())));
        arguments.addAll(paths);
        for (FilesInDirectory directory : directories) {
            arguments.addAll(List.of(directory.directory(), directory.suffix()));
        }
        return READ_FILES.command(arguments);
    }

    /** The temp name next to {@code target}: hidden, in the same directory, so the final rename is atomic. */
    static String tempBeside(String target, String token) {
        return directory(target) + "/." + baseName(target) + TEMP_MARK + token + ".tmp";
    }

    /**
     * Gives the uploaded temp file its final owner and mode and renames it over the target ({@code
     * host/finish-file.sh}). Temp files that an earlier, interrupted write to the same target left behind are removed
     * first. On failure the temp is removed.
     */
    static String finishInPlace(String temp, String target, OwnerAndMode ownerAndMode) {
        return FINISH_FILE.command(finishArguments(target, temp, ownerAndMode));
    }

    /**
     * For a user who needs sudo: the bytes were uploaded to a private directory; {@code install} copies them next
     * to the target with the final owner and mode, then {@code mv} swaps them in. The private directory is always
     * removed.
     */
    static String finishFromStaging(String staged, String stagingDirectory, String temp, String target,
                                    OwnerAndMode ownerAndMode) {
        List<String> arguments = new ArrayList<>(finishArguments(target, temp, ownerAndMode));
        arguments.addAll(List.of(staged, stagingDirectory));
        return FINISH_FILE.command(arguments);
    }

    /** Removes an upload (a temp file or a staging directory) whatever happened to it. */
    static String removeStaged(String path) {
        return REMOVE_STAGED.command(List.of(path));
    }

    /** Points {@code link} at {@code linkTarget}, replacing what was there in one rename. */
    static String symlink(String linkTarget, String link, String token) {
        return SYMLINK.command(List.of(linkTarget, link, tempBeside(link, token)));
    }

    static String directory(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return ".";
        }
        return slash == 0 ? "" : path.substring(0, slash);
    }

    static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static List<String> finishArguments(String target, String temp, OwnerAndMode ownerAndMode) {
        return List.of(target, temp, ownerAndMode.owner(), ownerAndMode.group(), ownerAndMode.octalMode());
    }
}
