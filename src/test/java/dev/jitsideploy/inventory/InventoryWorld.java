package dev.jitsideploy.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes inventories and secret files into a test's temporary directory. */
public final class InventoryWorld {

    /** 40 characters, none of / \ " ' `. */
    public static final String SECRET = "Kx7Qm2Vb9Tn4Lr8Wc1Zp6Hs3Jd5Fg0Ay-SECRET_";

    private final Path root;

    public InventoryWorld(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path write(String name, String yaml) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    public Path secretFile(String name, String value, String mode) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    /**
     * A valid one-host inventory: {@code authExtra} is added to {@code defaults.auth}, {@code hostExtra} to host
     * meet1 (both indented by the caller).
     */
    public static String oneHost(String authExtra, String hostExtra) {
        return withDefaults("""
                defaults:
                  ssh: {user: root}
                  auth:
                    app_id: myapp
                    app_secret: {file: secret}
                %s""".formatted(authExtra), hostExtra);
    }

    /** One host, meet1 (meet.example.com) in group web, after the given {@code defaults:} section. */
    public static String withDefaults(String defaults, String hostExtra) {
        return defaults + """

                groups:
                  web:
                    hosts:
                      meet1:
                        ssh: {address: 127.0.0.2}
                        domain: meet.example.com
                        public_url: https://meet.example.com/
                %s
                """.formatted(hostExtra);
    }
}
