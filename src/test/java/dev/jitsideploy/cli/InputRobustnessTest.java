package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.jitsideploy.inventory.InventoryWorld;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that used to escape the error path (a stack trace, exit 1 with a raw Java message, a hang, gigabytes of
 * memory): each is now exit 2 with FILE:LINE:COL and words meant for the operator.
 */
class InputRobustnessTest {

    @TempDir
    Path dir;

    private CliRun validate(String yaml) throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("secret", InventoryWorld.SECRET, "rw-------");
        world.write("inventory.yml", yaml);
        return CliRun.run(dir, Map.of(), "validate", "-i", "inventory.yml");
    }

    private String at(int line, int column) {
        return dir.resolve("inventory.yml") + ":" + line + ":" + column + ": ";
    }

    private static void assertNoJavaText(CliRun run) {
        assertThat(run.all()).doesNotContain("Exception").doesNotContain("Error").doesNotContain("\tat ")
                .doesNotContain("java.");
    }

    @Test
    void aSelfReferencingAliasIsRefusedAtItsAnchor() throws Exception {
        CliRun run = validate("a: &a [*a]\n" + InventoryWorld.oneHost("", ""));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith(at(1, 4) + "the value anchored here (&a) contains itself");
        assertNoJavaText(run);
    }

    @Test
    void nestedAliasesAreRefusedQuicklyWithinAMemoryBound() throws Exception {
        StringBuilder bomb = new StringBuilder("x0: &x0 [a, a]\n");
        for (int level = 1; level <= 24; level++) {
            bomb.append("x").append(level).append(": &x").append(level).append(" [*x").append(level - 1)
                    .append(", *x").append(level - 1).append("]\n");
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        CliRun run = validate(bomb + InventoryWorld.oneHost("", ""));
        long millis = (System.nanoTime() - start) / 1_000_000;
        allocated = threads.getCurrentThreadAllocatedBytes() - allocated;
        assertThat(run.exitCode()).isEqualTo(2);
        // x15 (line 16) expands to 2^17 - 1 > 100,000 values: the first value too large.
        assertThat(run.err()).startsWith(at(16, 6) + "the aliases in this value expand to more than 100000 values");
        assertThat(millis).isLessThan(5_000);
        assertThat(allocated).isLessThan(64L * 1024 * 1024);
    }

    @Test
    void aFifoAsInventoryOrSecretIsRefusedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        CliRun inventory = CompletableFuture.supplyAsync(() -> CliRun.run(dir, Map.of(), "validate", "-i", "fifo"))
                .get(20, TimeUnit.SECONDS);
        assertThat(inventory.exitCode()).isEqualTo(2);
        assertThat(inventory.err()).contains(fifo + " is not a regular file");
        CliRun secret = validate(InventoryWorld.oneHost("", "").replace("{file: secret}", "{file: fifo}"));
        assertThat(secret.exitCode()).isEqualTo(2);
        assertThat(secret.err()).contains(at(5, 24) + "secret file " + fifo + " is not a regular file");
        CliRun caFile = validate(InventoryWorld.oneHost("", "        tls: {ca_file: fifo}"));
        assertThat(caFile.err()).contains(at(14, 24) + "tls.ca_file " + fifo + " is not a regular file");
    }

    @Test
    void aFifoAmongTheTemplatesIsRefusedWithoutBlocking() throws Exception {
        Path templates = Files.createDirectories(dir.resolve("tpl"));
        Files.copy(Path.of("templates/prosody-vhost.cfg.lua.ftl"), templates.resolve("prosody-vhost.cfg.lua.ftl"));
        assertThat(new ProcessBuilder("mkfifo", templates.resolve("config.js.ftl").toString()).start().waitFor())
                .isZero();
        CliRun run = CompletableFuture.supplyAsync(() -> {
            try {
                return validate("templates: tpl\n" + InventoryWorld.oneHost("", ""));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(20, TimeUnit.SECONDS);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(templates.resolve("config.js.ftl") + ": template "
                + templates.resolve("config.js.ftl") + " is not a regular file");
    }

    @Test
    void hugeInventoryAndSecretFilesAreRefusedWithTheCap() throws Exception {
        try (RandomAccessFile big = new RandomAccessFile(dir.resolve("big.secret").toFile(), "rw")) {
            big.setLength(3L << 30);
        }
        Files.setPosixFilePermissions(dir.resolve("big.secret"), PosixFilePermissions.fromString("rw-------"));
        CliRun secret = validate(InventoryWorld.oneHost("", "").replace("{file: secret}", "{file: big.secret}"));
        assertThat(secret.exitCode()).isEqualTo(2);
        assertThat(secret.err()).contains(at(5, 24) + "secret file " + dir.resolve("big.secret")
                + " is larger than the limit of 65536 bytes");
        Files.move(dir.resolve("big.secret"), dir.resolve("big.yml"));
        CliRun inventory = CliRun.run(dir, Map.of(), "validate", "-i", "big.yml");
        assertThat(inventory.exitCode()).isEqualTo(2);
        assertThat(inventory.err()).contains("is larger than the limit of 1048576 bytes");
        assertNoJavaText(secret);
        assertNoJavaText(inventory);
    }

    @Test
    void inputsThatUsedToExit1WithAJavaMessageAreExit2AtTheirLocation() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("secret0000", InventoryWorld.SECRET, "---------");
        Map<String, String> cases = Map.of(
                "{file: secret0000}", at(5, 24) + "secret file " + dir.resolve("secret0000") + " is not readable",
                "{file: \"\"}", at(5, 24) + "auth.app_secret.file '' is empty",
                "{file: \"sec\\0ret\"}", at(5, 24) + "auth.app_secret.file 'sec\\u0000ret' is empty, starts or"
                        + " ends with a blank, or holds a control character");
        for (Map.Entry<String, String> entry : cases.entrySet()) {
            CliRun run = validate(InventoryWorld.oneHost("", "").replace("{file: secret}", entry.getKey()));
            assertThat(run.exitCode()).as(entry.getKey()).isEqualTo(2);
            assertThat(run.err()).as(entry.getKey()).startsWith(entry.getValue());
            assertNoJavaText(run);
        }
        CliRun timeout = validate(InventoryWorld.oneHost("", "").replace("ssh: {user: root}",
                "ssh: {user: root, connect_timeout: 99999999999999999999}"));
        assertThat(timeout.exitCode()).isEqualTo(2);
        assertThat(timeout.err()).startsWith(at(2, 38) + "ssh.connect_timeout must be a positive duration");
        CliRun infinite = validate(InventoryWorld.oneHost("", "        config_js: {extra: {x: 1e400}}"));
        assertThat(infinite.exitCode()).isEqualTo(2);
        assertThat(infinite.err()).contains(at(14, 32) + "cannot read the number '1e400'");
    }

    @Test
    void yamlThatSnakeYamlRejectsWithoutAMarkStillGetsALine() throws Exception {
        CliRun control = validate(InventoryWorld.oneHost("", "").replace("app_id: myapp", "app_id: my\u0001app"));
        assertThat(control.exitCode()).isEqualTo(2);
        assertThat(control.err()).startsWith(at(4, 15) + "invalid YAML: character U+0001 is not allowed");
        StringBuilder deep = new StringBuilder("x: ");
        deep.append("[".repeat(60)).append("]".repeat(60)).append('\n');
        CliRun nested = validate(deep + InventoryWorld.oneHost("", ""));
        assertThat(nested.exitCode()).isEqualTo(2);
        assertThat(nested.err()).matches("(?s)" + java.util.regex.Pattern.quote(dir.resolve("inventory.yml")
                .toString()) + ":1:\\d+: invalid YAML: .*");
        Files.write(dir.resolve("latin1.yml"), "a: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        CliRun latin1 = CliRun.run(dir, Map.of(), "validate", "-i", "latin1.yml");
        assertThat(latin1.err()).startsWith(dir.resolve("latin1.yml") + ":1:7: the inventory is not UTF-8 text");
    }

    @Test
    void pathsWithBlanksOrControlsAndTwoPathsForOneFileAreRefused() throws Exception {
        CliRun run = validate(InventoryWorld.oneHost("", String.join("\n",
                "        paths:",
                "          prosody_vhost: \"/etc/prosody/conf.avail/x.cfg.lua \"",
                "          config_js: \"\\e[2J/etc/x.js\"",
                "          jicofo_conf: /etc//jitsi/./jicofo/jicofo.conf",
                "          prosody_vhost_link: /etc/jitsi/jicofo/jicofo.conf/"))
                .replace("ssh: {user: root}", "ssh: {user: root, identity_file: \" key\"}"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(at(15, 26) + "paths.prosody_vhost '/etc/prosody/conf.avail/x.cfg.lua '"
                        + " starts or ends with a blank or holds a control character")
                .contains(at(16, 22) + "paths.config_js '\\u001b[2J/etc/x.js' starts or ends")
                .contains(at(17, 24) + "paths.jicofo_conf and paths.prosody_vhost_link name the same file"
                        + " '/etc/jitsi/jicofo/jicofo.conf'")
                .contains(at(2, 36) + "ssh.identity_file ' key' is empty, starts or ends with a blank");
        assertThat(run.all()).doesNotContain("\u001b");
    }

    @Test
    void controlCharactersInEchoedValuesAreEscapedAndLongValuesCut() throws Exception {
        CliRun run = validate(InventoryWorld.oneHost("", "").replace("domain: meet.example.com",
                "domain: \"\\e[2J\\e[HMEET" + "x".repeat(500) + "\""));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.all()).doesNotContain("\u001b").contains("'\\u001b[2J\\u001b[HMEET")
                .contains("…(511 chars)").doesNotContain("x".repeat(100));
        CliRun command = CliRun.run(dir, Map.of(), "\u001b[2Jvalidate");
        assertThat(command.err()).contains("unknown command '\\u001b[2Jvalidate'");
    }

    @Test
    void aNulInACommandLinePathIsBadInput() {
        CliRun run = CliRun.run(dir, Map.of(), "render", "-i", "x\u0000.yml", "-o", "out");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("jitsi-deploy render: the path 'x\\u0000.yml' is not valid here");
        assertNoJavaText(run);
    }
}
