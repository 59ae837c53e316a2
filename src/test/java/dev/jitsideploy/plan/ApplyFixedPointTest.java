package dev.jitsideploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.inventory.InventoryWorld;
import dev.jitsideploy.remote.OwnerAndMode;
import dev.jitsideploy.remote.RemoteFile;
import dev.jitsideploy.render.HostRenderer;
import dev.jitsideploy.render.RenderedFile;
import dev.jitsideploy.secrets.KeyDirectory;
import dev.jitsideploy.secrets.KeyId;
import dev.jitsideploy.secrets.KeyRing;
import dev.jitsideploy.secrets.PublicKeyFile;
import dev.jitsideploy.secrets.Secret;
import dev.jitsideploy.remote.StepTimings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apply is idempotent for every inventory option combination: planning, "applying" (the planned bytes become the
 * host's files), and planning again must give a plan with no change and no restart, byte for byte (whitespace in
 * jicofo.conf included). The host's starting state varies too: no jicofo.conf, the installer's file, a file with an
 * authentication block of its own, one with a flat {@code jicofo.authentication.enabled} line (each for every
 * combination), and with or without a TURN secret to carry over (alternating).
 */
class ApplyFixedPointTest {

    private static final Path BUILT_IN = Path.of("templates").toAbsolutePath();
    private static final Secret APP_SECRET = new Secret(InventoryWorld.SECRET, "test");

    /** Each inventory option the tool supports, as an on/off pair of YAML lines (auth lines, host lines). */
    private record Option(String name, String authLine, String hostLine) {
    }

    private static final List<Option> OPTIONS = List.of(
            new Option("rs256", "    algorithm: RS256\n    keys_dir: keys\n", ""),
            new Option("jicofo_authentication", "    jicofo_authentication: true\n", ""),
            new Option("guest_domain", "    guest_domain: guest.meet.example.com\n", ""),
            new Option("allow_empty_token", "    allow_empty_token: true\n    allow_empty_token_intended: true\n", ""),
            new Option("no domain verification", "    enable_domain_verification: false\n", ""),
            new Option("issuers", "    asap_accepted_issuers: [myapp, other]\n", ""),
            new Option("audiences", "    asap_accepted_audiences: [meet, \"*\"]\n", ""),
            new Option("token_auth_url", "    token_auth_url: \"https://auth.example.com/{room}\"\n", ""),
            new Option("prosody modules", "",
                    "        prosody: {vhost_modules: [my_vhost_mod], muc_modules: [my_muc_mod]}\n"),
            new Option("config_js.extra", "",
                    "        config_js: {extra: {disableAudioLevels: true, startWithVideoMuted: \"yes\"}}\n"));

    private static final String STOCK_JICOFO = """
            # Jicofo HOCON configuration, as the jicofo package postinst writes it.
            jicofo {
              xmpp: {
                client: {
                  client-proxy: "focus.meet.example.com"
                  username: "focus"
                  password: "focusPw123"
                }
              }
            }
            """;
    private static final List<String> JICOFO_STARTS = new ArrayList<>(java.util.Arrays.asList(null, STOCK_JICOFO,
            STOCK_JICOFO.replace("  xmpp: {", """
                      authentication: {
                        enabled: true
                        type: XMPP
                        login-url: "old.example.com"
                      }
                      xmpp: {"""),
            STOCK_JICOFO + "jicofo.authentication.enabled = false\n"));
    private static final List<String> VHOST_STARTS = List.of("",
            "external_service_secret = \"tUrNs3cret\";\nVirtualHost \"meet.example.com\"\n");

    @TempDir
    Path dir;

    @Test
    void everyOptionCombinationIsAFixedPointAfterOneApply() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("secret", InventoryWorld.SECRET, "rw-------");
        new KeyDirectory(dir.resolve("keys")).create(new KeyId("meet-1"), 2048, Instant.parse("2026-11-01T00:00:00Z"),
                new SecureRandom());
        List<PublicKeyFile> keys = KeyRing.load(dir.resolve("keys")).publicKeyFiles();
        Planner planner = new Planner(new HostRenderer(BUILT_IN), Duration.ofSeconds(5), StepTimings.NONE);
        int combinations = 1 << OPTIONS.size();
        int checked = 0;
        for (int mask = 0; mask < combinations; mask++) {
            HostConfig host = host(world, mask);
            boolean rs256 = (mask & 1) != 0;
            for (String jicofo : JICOFO_STARTS) {
                // The TURN secret only changes the vhost's text: half the combinations with it is plenty.
                for (String vhost : List.of(VHOST_STARTS.get(mask % VHOST_STARTS.size()))) {
                    RemoteState start = state(host, vhost.isEmpty() ? null : vhost, jicofo, Map.of());
                    HostPlan first = plan(planner, host, start, rs256, keys);
                    RemoteState applied = applied(host, start, first);
                    HostPlan second = plan(planner, host, applied, rs256, keys);
                    String label = describe(mask) + ", jicofo.conf " + (jicofo == null ? "absent" : "present")
                            + ", TURN secret " + (vhost.isEmpty() ? "absent" : "present");
                    assertThat(second.changes()).as(label)
                            .allSatisfy(change -> assertThat(change.kind()).as(label + ": " + change.path() + "\n"
                                    + change.redactedDiff()).isEqualTo(FileChange.Kind.UNCHANGED));
                    assertThat(second.deletions()).as(label).isEmpty();
                    assertThat(second.restarts()).as(label).isEmpty();
                    assertThat(second.hasChanges()).as(label).isFalse();
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(combinations * JICOFO_STARTS.size());
    }

    private static HostPlan plan(Planner planner, HostConfig host, RemoteState state, boolean rs256,
                                 List<PublicKeyFile> keys) throws Exception {
        String linkTarget = Path.of(host.paths().prosodyVhostLink()).getParent()
                .relativize(Path.of(host.paths().prosodyVhost())).toString();
        return planner.compare(host, List.of(), linkTarget, state, rs256 ? null : APP_SECRET,
                rs256 ? keys : List.of(), Set.of());
    }

    /** The host after apply wrote {@code plan}: its files hold the planned bytes, owners and modes, link fixed. */
    private static RemoteState applied(HostConfig host, RemoteState before, HostPlan plan) {
        Map<String, Optional<RemoteFile>> files = new LinkedHashMap<>(before.files());
        Map<String, RemoteFile> owned = new LinkedHashMap<>(before.ownedFiles());
        for (FileChange change : plan.changes()) {
            RenderedFile file = change.file();
            RemoteFile written = new RemoteFile(file.remotePath(), file.bytes(), change.target());
            if (files.containsKey(file.remotePath())) {
                files.put(file.remotePath(), Optional.of(written));
            } else {
                owned.put(file.remotePath(), written);
            }
        }
        plan.deletions().forEach(deletion -> owned.remove(deletion.path()));
        return new RemoteState(files, owned, Optional.of(plan.linkTarget()), Set.of());
    }

    private static RemoteState state(HostConfig host, String vhost, String jicofo, Map<String, RemoteFile> owned) {
        Map<String, Optional<RemoteFile>> files = new LinkedHashMap<>();
        files.put(host.paths().prosodyVhost(), Optional.ofNullable(vhost).map(text -> file(host.paths().prosodyVhost(),
                text, new OwnerAndMode("root", "prosody", 0640))));
        files.put(host.paths().configJs(), Optional.empty());
        files.put(host.paths().jicofoConf(), Optional.ofNullable(jicofo).map(text -> file(host.paths().jicofoConf(),
                text, new OwnerAndMode("root", "jicofo", 0640))));
        return new RemoteState(files, owned, Optional.empty(), Set.of());
    }

    private static RemoteFile file(String path, String text, OwnerAndMode ownerAndMode) {
        return new RemoteFile(path, text.getBytes(StandardCharsets.UTF_8), ownerAndMode);
    }

    private HostConfig host(InventoryWorld world, int mask) throws Exception {
        StringBuilder auth = new StringBuilder();
        StringBuilder hostLines = new StringBuilder();
        for (int bit = 0; bit < OPTIONS.size(); bit++) {
            if ((mask & (1 << bit)) != 0) {
                auth.append(OPTIONS.get(bit).authLine());
                hostLines.append(OPTIONS.get(bit).hostLine());
            }
        }
        String secretLine = (mask & 1) != 0 ? "" : "    app_secret: {file: secret}\n";
        String yaml = InventoryWorld.withDefaults("""
                defaults:
                  ssh: {user: root}
                  auth:
                    app_id: myapp
                %s%s""".formatted(secretLine, auth), hostLines.toString().stripTrailing());
        Path inventory = world.write("inv-" + mask + ".yml", yaml);
        HostConfig host = new InventoryLoader().load(inventory).hosts().get(0);
        Files.delete(inventory);
        return host;
    }

    private static String describe(int mask) {
        List<String> on = new ArrayList<>();
        for (int bit = 0; bit < OPTIONS.size(); bit++) {
            if ((mask & (1 << bit)) != 0) {
                on.add(OPTIONS.get(bit).name());
            }
        }
        return on.isEmpty() ? "defaults" : String.join(" + ", on);
    }
}
