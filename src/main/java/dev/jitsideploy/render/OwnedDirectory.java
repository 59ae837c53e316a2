package dev.jitsideploy.render;

/**
 * A remote directory whose files with a given suffix jitsi-deploy owns completely: such a file that is not among the
 * host's {@link RenderedFile}s is to be deleted (it belongs to a retired key). Files with other suffixes are left
 * alone.
 *
 * @param remotePath absolute directory path on the host, ending in {@code /}
 * @param fileSuffix the suffix of the owned files, e.g. {@code .pem}
 */
public record OwnedDirectory(String remotePath, String fileSuffix) {

    /** Whether {@code path} is an owned file: directly in this directory, with the suffix. */
    public boolean owns(String path) {
        return path.startsWith(remotePath) && path.endsWith(fileSuffix) && path.length() > remotePath.length()
                && path.indexOf('/', remotePath.length()) < 0;
    }
}
