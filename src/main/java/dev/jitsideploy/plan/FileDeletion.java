package dev.jitsideploy.plan;

import dev.jitsideploy.remote.OwnerAndMode;

/**
 * A file apply removes: it lies in a directory the tool owns (the RS256 key server's) but is no longer rendered,
 * e.g. the public key of a retired kid. Apply backs it up with the run's other files first.
 *
 * @param path    absolute path on the host
 * @param current owner and mode it has now
 * @param currentSha256 sha256 of its bytes now (a saved plan checks it before deleting)
 */
public record FileDeletion(String path, OwnerAndMode current, String currentSha256) {
}
