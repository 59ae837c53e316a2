package dev.jitsideploy.remote;

/**
 * A file's new bytes uploaded to a private staging directory on the host ({@link RemoteHost#stage}), not yet in
 * place. {@link #finishCommand} (run with root rights, e.g. as a {@link CommandBatch} step) copies them beside the
 * target with the final owner and mode and renames that over the target, then removes the staging directory;
 * {@link #cleanupCommand} removes the staging directory whatever happened.
 *
 * @param target the path the file is for
 * @param staged where the bytes are now (readable by root, e.g. to check them before they go in place)
 */
public record StagedFile(String target, String staged, String finishCommand, String cleanupCommand) {
}
