package dev.jitsideploy.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.inventory.InventoryWorld;
import dev.jitsideploy.secrets.KeyDirectory;
import dev.jitsideploy.secrets.KeyId;
import dev.jitsideploy.secrets.KeyRing;
import dev.jitsideploy.secrets.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prosody's own parser accepts the rendered vhost (every optional part switched on). Runs where Prosody is installed
 * (the lab machine); {@code prosodyctl check config} only reads files, it starts nothing.
 */
class ProsodyCheckConfigTest {

    private static final Path PROSODYCTL = Path.of("/usr/bin/prosodyctl");

    @TempDir
    Path dir;

    @Test
    void prosodyctlCheckConfigPasses() throws Exception {
        assumeTrue(Files.isExecutable(PROSODYCTL), "Prosody is not installed here");
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("secret", InventoryWorld.SECRET, "rw-------");
        HostConfig host = new InventoryLoader().load(world.write("inv.yml", InventoryWorld.oneHost(
                "    guest_domain: guest.meet.example.com\n    asap_accepted_issuers: [a, b]\n"
                        + "    asap_accepted_audiences: [jitsi]",
                "        prosody: {vhost_modules: [my_mod], muc_modules: [other_mod]}"))).hosts().get(0);
        RenderedHost rendered = new HostRenderer(Path.of("templates").toAbsolutePath()).render(host,
                new Secret(InventoryWorld.SECRET, "test"), new CarriedOverValues(new Secret("turn-secret", "test")),
                null);
        assertPassesCheckConfig(rendered);
    }

    @Test
    void prosodyctlCheckConfigPassesForRs256() throws Exception {
        assumeTrue(Files.isExecutable(PROSODYCTL), "Prosody is not installed here");
        InventoryWorld world = new InventoryWorld(dir);
        HostConfig host = new InventoryLoader().load(world.write("inv.yml", InventoryWorld.withDefaults("""
                defaults:
                  auth: {algorithm: RS256, app_id: myapp}
                """, ""))).hosts().get(0);
        new KeyDirectory(dir.resolve("keys")).create(new KeyId("k1"), 2048, Instant.now(), new SecureRandom());
        RenderedHost rendered = new HostRenderer(Path.of("templates").toAbsolutePath()).render(host, null,
                KeyRing.load(dir.resolve("keys")).publicKeyFiles(), CarriedOverValues.none(), null);
        assertPassesCheckConfig(rendered);
    }

    private void assertPassesCheckConfig(RenderedHost rendered) throws Exception {
        Path vhost = dir.resolve("meet.example.com.cfg.lua");
        Files.write(vhost, rendered.files().get(0).bytes());
        Files.createDirectories(dir.resolve("certs"));
        Files.createDirectories(dir.resolve("data"));
        Path global = dir.resolve("prosody.cfg.lua");
        Files.writeString(global, "data_path = \"" + dir.resolve("data") + "\"\n"
                + "pidfile = \"" + dir.resolve("prosody.pid") + "\"\n"
                + "log = { { levels = { min = \"error\" }, to = \"console\" } }\n"
                + "Include \"" + vhost + "\"\n");
        // prosodyctl checks that the 'prosody' user could read the files; the test secret is not worth hiding.
        for (Path path : new Path[] {dir, vhost, global, dir.resolve("certs"), dir.resolve("data")}) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                    Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        Process process = new ProcessBuilder(PROSODYCTL.toString(), "--config", global.toString(), "check", "config")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // What Prosody 0.12 says about the quick-install layout itself (jitsi-token-auth.md section 9), and nothing
        // else: it calls the installer's cross_domain_bosh obsolete, and suggests loading smacks globally since
        // every VirtualHost loads it. Both are advice; anything else (an error, a missing file) fails.
        List<String> findings = output.lines().map(String::strip).filter(line -> !line.isEmpty())
                .filter(line -> !line.startsWith("-  ") && !line.equals("Checking config...")
                        && !line.equals("The following configuration files have been loaded:")
                        && !line.equals("Done.") && !line.equals("Problems found, see above."))
                .toList();
        assertThat(findings).as(output).isSubsetOf("No global modules_enabled is set?",
                "Consider moving these modules into modules_enabled in the global section:", "\"smacks\"",
                "You have some obsolete options you can remove from the global section:", "cross_domain_bosh");
    }
}
