package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitsideploy.inventory.InventoryWorld;
import dev.jitsideploy.secrets.KeyRing;
import dev.jitsideploy.secrets.PublicKeyFile;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCommandTest {

    @TempDir
    Path dir;

    private CliRun mint(String authExtra, String... options) throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("secret", InventoryWorld.SECRET, "rw-------");
        world.write("inv.yml", InventoryWorld.oneHost(authExtra, ""));
        String[] args = new String[4 + options.length];
        args[0] = "token";
        args[1] = "-i";
        args[2] = "inv.yml";
        args[3] = "--host=meet1";
        System.arraycopy(options, 0, args, 4, options.length);
        return CliRun.run(dir, Map.of(), args);
    }

    private static JsonNode part(String token, int index) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
    }

    @Test
    void mintsWhatTheHostAcceptsSignedWithItsSecret() throws Exception {
        long before = Instant.now().getEpochSecond();
        CliRun run = mint("    asap_accepted_issuers: [other-issuer]\n    asap_accepted_audiences: [meet-aud]",
                "--room", "Team Room", "--user-name", "Ada", "--moderator", "--ttl", "30m");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String token = run.out().trim();

        JsonNode header = part(token, 0);
        assertThat(header.get("typ").asText()).isEqualTo("JWT");
        assertThat(header.get("alg").asText()).isEqualTo("HS256");
        JsonNode claims = part(token, 1);
        assertThat(claims.get("iss").asText()).isEqualTo("other-issuer");
        assertThat(claims.get("aud").isTextual()).isTrue();
        assertThat(claims.get("aud").asText()).isEqualTo("meet-aud");
        assertThat(claims.get("sub").asText()).isEqualTo("meet.example.com");
        assertThat(claims.get("room").asText()).isEqualTo("team%20room");
        assertThat(claims.get("exp").isIntegralNumber()).isTrue();
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(1800);
        assertThat(claims.get("iat").asLong()).isBetween(before, before + 5);
        assertThat(claims.get("nbf").asLong()).isEqualTo(claims.get("iat").asLong() - 30);
        assertThat(claims.get("context").get("user").get("name").asText()).isEqualTo("Ada");
        assertThat(claims.get("context").get("user").get("moderator").asBoolean()).isTrue();

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(InventoryWorld.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        int lastDot = token.lastIndexOf('.');
        assertThat(MessageDigest.isEqual(mac.doFinal(token.substring(0, lastDot).getBytes(StandardCharsets.UTF_8)),
                Base64.getUrlDecoder().decode(token.substring(lastDot + 1)))).isTrue();
        assertThat(run.err()).doesNotContain(InventoryWorld.SECRET).doesNotContain(token);
    }

    @Test
    void defaultsToAppIdAnyRoomAndTheJitsiAudience() throws Exception {
        CliRun run = mint("");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode claims = part(run.out().trim(), 1);
        assertThat(claims.get("iss").asText()).isEqualTo("myapp");
        assertThat(claims.get("aud").asText()).isEqualTo("jitsi");
        assertThat(claims.get("room").asText()).isEqualTo("*");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(3600);
        assertThat(claims.has("context")).isFalse();
    }

    @Test
    void rs256SignsWithTheNewestPublishedKeyAndNamesItsKid() throws Exception {
        new InventoryWorld(dir).write("inv.yml", InventoryWorld.withDefaults("""
                defaults:
                  auth: {algorithm: RS256, app_id: myapp, keys_dir: jwt-keys}
                """, ""));
        CliRun noKey = CliRun.run(dir, Map.of(), "token", "-i", "inv.yml", "--host", "meet1");
        assertThat(noKey.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noKey.err()).contains("has no published key", "keys new");
        assertThat(CliRun.run(dir, Map.of(), "keys", "-i", "inv.yml", "new", "--kid", "old").exitCode()).isZero();
        // Creation times have a one-second resolution; the second key must be strictly newer.
        Thread.sleep(1100);
        assertThat(CliRun.run(dir, Map.of(), "keys", "-i", "inv.yml", "new", "--kid", "new").exitCode()).isZero();

        CliRun run = CliRun.run(dir, Map.of(), "token", "-i", "inv.yml", "--host", "meet1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String token = run.out().trim();
        assertThat(part(token, 0).get("alg").asText()).isEqualTo("RS256");
        assertThat(part(token, 0).get("kid").asText()).isEqualTo("new");
        assertThat(part(token, 0).get("typ").asText()).isEqualTo("JWT");
        PublicKeyFile published = KeyRing.load(dir.resolve("jwt-keys")).publicKeyFiles().stream()
                .filter(file -> file.kid().value().equals("new")).findFirst().orElseThrow();
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                .decode(published.text().replaceAll("-----[A-Z ]+-----|\\s", ""))));
        assertThat(Jwts.parser().verifyWith(key).build().parseSignedClaims(token).getPayload().getIssuer())
                .isEqualTo("myapp");
        assertThat(run.err()).contains("RS256, kid new").doesNotContain(token).doesNotContain("PRIVATE KEY");
    }

    @Test
    void urlOptionPrintsTheMeetingLink() throws Exception {
        CliRun run = mint("", "--room", "daily", "--url");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().trim()).startsWith("https://meet.example.com/daily?jwt=ey");
    }

    @Test
    void badOptionsAndUnknownHostsExitWith2() throws Exception {
        assertThat(mint("", "--url").exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        CliRun badTtl = mint("", "--ttl", "soon");
        assertThat(badTtl.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badTtl.err()).contains("--ttl takes a positive duration");
        CliRun unknown = CliRun.run(dir, Map.of(), "token", "-i", "inv.yml", "--host", "meet9");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unknown.err()).contains("unknown host 'meet9'; the inventory has: meet1");
    }
}
