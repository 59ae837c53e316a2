package dev.jitsideploy.remote;

import static dev.jitsideploy.remote.ShellQuoting.quote;

import java.util.List;

/**
 * The shell commands behind the file operations, kept apart from the SSH plumbing so their text can be tested
 * without a host. Every path and name is quoted.
 */
final class FileCommands {

    /** Exit status of a command that {@link #withTimeLimit} killed (128 + SIGKILL). */
    static final int KILLED_BY_TIME_LIMIT = 137;

    private static final String TEMP_MARK = ".jitsi-deploy-";

    private FileCommands() {
    }

    /**
     * Runs {@code command} under coreutils' {@code timeout}, which kills the command's whole process group when the
     * limit is reached.
     */
    static String withTimeLimit(String command, java.time.Duration limit) {
        return "exec timeout -s KILL " + String.format(java.util.Locale.ROOT, "%.3f", limit.toMillis() / 1000.0)
                + " sh -c " + quote(command);
    }

    /**
     * For each path in turn: {@code absent}, or a line {@code MODE OWNER GROUP SIZE} followed by exactly SIZE bytes
     * of the file. One command for many files saves a round trip per file.
     */
    static String readAll(List<String> paths) {
        StringBuilder script = new StringBuilder("for p in");
        for (String path : paths) {
            script.append(' ').append(quote(path));
        }
        return script.append("; do if [ -e \"$p\" ]; then stat -L -c '%a %U %G %s' -- \"$p\" && cat -- \"$p\""
                + " || exit 1; else echo absent; fi; done").toString();
    }

    /**
     * Like {@link #readAll}, followed by every regular file directly in each of {@code directories} whose name ends
     * with its suffix: a line {@code entry PATHSIZE MODE OWNER GROUP SIZE}, then PATHSIZE bytes of its path, then
     * SIZE bytes of the file. The path is framed by its length, so no file name can break the answer.
     */
    static String readAll(List<String> paths, List<FilesInDirectory> directories) {
        StringBuilder script = new StringBuilder(readAll(paths));
        for (FilesInDirectory directory : directories) {
            script.append("; for p in ").append(quote(directory.directory())).append('*')
                    .append(quote(directory.suffix())).append("; do [ -f \"$p\" ] || continue;"
                            + " n=$(printf %s \"$p\" | wc -c); stat -L -c \"entry $n %a %U %G %s\" -- \"$p\""
                            + " && printf %s \"$p\" && cat -- \"$p\" || exit 1; done");
        }
        return script.toString();
    }

    /** The temp name next to {@code target}: hidden, in the same directory, so the final rename is atomic. */
    static String tempBeside(String target, String token) {
        return directory(target) + "/." + baseName(target) + TEMP_MARK + token + ".tmp";
    }

    /**
     * Gives the uploaded temp file its final owner and mode and renames it over the target. Temp files that an
     * earlier, interrupted write to the same target left behind are removed first. On failure the temp is removed.
     */
    static String finishInPlace(String temp, String target, OwnerAndMode ownerAndMode) {
        String t = quote(temp);
        return removeLeftovers(target, temp)
                + "if chown " + ownerAndMode.owner() + ":" + ownerAndMode.group() + " -- " + t
                + " && chmod " + ownerAndMode.octalMode() + " -- " + t
                + " && mv -f -- " + t + " " + quote(target) + "; then exit 0; else rc=$?; rm -f -- " + t
                + "; exit $rc; fi";
    }

    /**
     * For a user who needs sudo: the bytes were uploaded to a private directory; {@code install} copies them next
     * to the target with the final owner and mode, then {@code mv} swaps them in. The private directory is always
     * removed.
     */
    static String finishFromStaging(String staged, String stagingDirectory, String temp, String target,
                                    OwnerAndMode ownerAndMode) {
        String t = quote(temp);
        return removeLeftovers(target, temp)
                + "if install -o " + ownerAndMode.owner() + " -g " + ownerAndMode.group() + " -m "
                + ownerAndMode.octalMode() + " -- " + quote(staged) + " " + t
                + " && mv -f -- " + t + " " + quote(target) + "; then rc=0; else rc=$?; rm -f -- " + t + "; fi; "
                + "rm -rf -- " + quote(stagingDirectory) + "; exit $rc";
    }

    /** Points {@code link} at {@code linkTarget}, replacing what was there in one rename. */
    static String symlink(String linkTarget, String link, String token) {
        String temp = quote(tempBeside(link, token));
        return "ln -s -- " + quote(linkTarget) + " " + temp + " && { mv -Tf -- " + temp + " " + quote(link)
                + " || { rc=$?; rm -f -- " + temp + "; exit $rc; }; }";
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

    private static String removeLeftovers(String target, String keep) {
        String pattern = quote(directory(target) + "/." + baseName(target) + TEMP_MARK) + "*.tmp";
        return "for f in " + pattern + "; do [ \"$f\" = " + quote(keep) + " ] || rm -f -- \"$f\"; done; ";
    }
}
