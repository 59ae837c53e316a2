package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.inventory.InventoryWorld;
import dev.jitsideploy.secrets.KeyId;
import dev.jitsideploy.secrets.KeyRing;
import io.jsonwebtoken.Jwts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keys new|list|retire} through the CLI, checked on the files they leave. */
class KeysCommandTest {

    @TempDir
    Path dir;

    @BeforeEach
    void inventory() throws Exception {
        new InventoryWorld(dir).write("inv.yml", InventoryWorld.withDefaults("""
                defaults:
                  auth: {algorithm: RS256, app_id: myapp, keys_dir: jwt-keys}
                """, ""));
    }

    private CliRun keys(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "keys";
        all[1] = "-i";
        all[2] = "inv.yml";
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRun.run(dir, Map.of(), all);
    }

    @Test
    void newListRetireAndTheRenderedKeySetFollow() throws Exception {
        CliRun first = keys("new", "--kid", "meet-2026-10");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("created RSA 2048 key meet-2026-10", new KeyId("meet-2026-10")
                .publishedFileName());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("jwt-keys/meet-2026-10/private.pem")))).isEqualTo("rw-------");
        // Creation times have a one-second resolution; the second key must be strictly newer.
        Thread.sleep(1100);
        assertThat(keys("new", "--kid", "meet-2026-11", "--bits", "3072").exitCode()).isZero();

        CliRun list = keys("list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).containsPattern("meet-2026-10 +" + new KeyId("meet-2026-10").sha256Hex()
                + "\\.pem +\\S+Z +published")
                .containsPattern("meet-2026-11 +" + new KeyId("meet-2026-11").sha256Hex() + "\\.pem +\\S+Z +newest");

        CliRun retireNewest = keys("retire", "--kid", "meet-2026-11");
        assertThat(retireNewest.exitCode()).isEqualTo(2);
        assertThat(retireNewest.err()).contains("is the newest key");

        CliRun retire = keys("retire", "--kid", "meet-2026-10");
        assertThat(retire.exitCode()).as(retire.err()).isZero();
        assertThat(retire.out()).contains("removes " + new KeyId("meet-2026-10").publishedFileName());
        assertThat(retire.err()).contains("caches", "until it restarts", "restart Prosody",
                "jitsi-deploy apply -i inv.yml --restart prosody");
        assertThat(keys("list").out()).containsPattern("meet-2026-10 +\\S+ +\\S+Z +retired ");

        CliRun render = CliRun.run(dir, Map.of(), "render", "-i", "inv.yml", "-o", "out");
        assertThat(render.exitCode()).as(render.err()).isZero();
        Path published = dir.resolve("out/meet1/usr/share/jitsi-meet/asap-keys/"
                + new KeyId("meet-2026-11").publishedFileName());
        assertThat(dir.resolve("out/meet1/usr/share/jitsi-meet/asap-keys/"
                + new KeyId("meet-2026-10").publishedFileName())).doesNotExist();

        // The newest key signs; the rendered file verifies it.
        var signer = KeyRing.load(dir.resolve("jwt-keys")).newestSigningKey().orElseThrow();
        String token = Jwts.builder().header().type("JWT").keyId(signer.kid().value()).and().issuer("myapp")
                .signWith(signer.privateKey(), Jwts.SIG.RS256).compact();
        String body = Files.readString(published).replaceAll("-----[A-Z ]+-----|\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                Base64.getDecoder().decode(body)));
        assertThat(Jwts.parser().verifyWith(key).build().parseSignedClaims(token).getPayload().getIssuer())
                .isEqualTo("myapp");

        for (CliRun run : new CliRun[] {first, list, retire, render}) {
            assertThat(run.all()).doesNotContain("PRIVATE KEY");
        }
    }

    @Test
    void refusesBadAndReusedKidsAndUnknownActions() throws Exception {
        CliRun slash = keys("new", "--kid", "issuer/key");
        assertThat(slash.exitCode()).isEqualTo(2);
        assertThat(slash.err()).contains("--kid:", "letters, digits");
        assertThat(keys("new", "--kid", "k1").exitCode()).isZero();
        CliRun again = keys("new", "--kid", "k1");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("already exists");
        assertThat(keys("new").err()).contains("Missing required option: kid");
        CliRun listWithKid = keys("list", "--kid", "x");
        assertThat(listWithKid.exitCode()).isEqualTo(2);
        assertThat(listWithKid.err()).contains("--kid does not go with 'keys list'");
        assertThat(keys("new", "--kid", "k3", "--json", "-").err()).contains("--json does not go with 'keys new'");
        assertThat(keys("new", "--kid", "k2", "--bits", "1024").err()).contains("2048");
        assertThat(keys("rotate").exitCode()).isEqualTo(2);
        assertThat(keys("retire", "--kid", "nope").err()).contains("no published key nope");
        assertThat(keys("list", "extra").err()).contains("unexpected argument 'extra'");
        assertThat(dir.resolve("jwt-keys/k2")).doesNotExist();
    }

    @Test
    void listOfAnEmptyDirectorySaysHowToStart() {
        CliRun list = keys("list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("no keys", "keys new");
    }

    @Test
    void helpShowsTheActions() {
        CliRun help = CliRun.run(dir, Map.of(), "keys", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("keys new|list|retire", "--kid", "--bits");
        assertThat(CliRun.run(dir, Map.of(), "--help").out()).contains("keys");
    }
}
