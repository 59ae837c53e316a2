package dev.jitsideploy.inventory;

import java.nio.file.Path;

/** TLS trust for the public URL; {@code caFile} is null when the system trust store is to be used. */
public record TlsSettings(Path caFile) {
}
