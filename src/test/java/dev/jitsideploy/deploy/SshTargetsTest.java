package dev.jitsideploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.Inventory;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.inventory.InventoryWorld;
import dev.jitsideploy.remote.JumpHost;
import dev.jitsideploy.remote.SshTarget;
import dev.jitsideploy.secrets.SecretResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From inventory ssh settings to SSH targets, with the real OpenSSH client reading a config file in a temp directory
 * ({@code ssh -G}; nothing is sent anywhere) and real passphrase-protected keys made by ssh-keygen.
 */
class SshTargetsTest {

    private static final String PASSPHRASE = "correct horse 42";

    @TempDir
    Path dir;
    private InventoryWorld world;
    private Path home;

    @BeforeEach
    void world() throws Exception {
        world = new InventoryWorld(dir);
        world.secretFile("secret", InventoryWorld.SECRET, "rw-------");
        home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(dir.resolve("ssh_config"), """
                Host web1
                    HostName 192.0.2.10
                    User admin
                    Port 2201
                    IdentityFile %1$s/config_key
                    UserKnownHostsFile %1$s/config_known_hosts
                Host web2
                    HostName web2.internal
                    ProxyJump bastion
                Host bastion
                    HostName 127.0.0.20
                    User jump
                    Port 2222
                Host web3
                    HostName 192.0.2.13
                    ProxyCommand nc %%h %%p
                """.formatted(dir));
        keygen(dir.resolve("config_key"), "");
        keygen(dir.resolve("plain_key"), "");
    }

    @Test
    void anAliasTakesHostNameUserPortIdentityAndKnownHostsFromTheConfig() throws Exception {
        SshTarget target = resolve(host("web1", "")).get("meet1");
        assertThat(target.address()).isEqualTo("192.0.2.10");
        assertThat(target.user()).isEqualTo("admin");
        assertThat(target.port()).isEqualTo(2201);
        assertThat(target.credentials().keyFiles()).containsExactly(dir.resolve("config_key"));
        assertThat(target.knownHosts()).isEqualTo(dir.resolve("config_known_hosts"));
        assertThat(target.jumps()).isEmpty();
    }

    @Test
    void valuesWrittenInTheInventoryWinOverTheConfig() throws Exception {
        SshTarget target = resolve(host("web1", ", user: root, port: 22, identity_file: plain_key, known_hosts: kh"))
                .get("meet1");
        assertThat(target.address()).isEqualTo("192.0.2.10");
        assertThat(target.user()).isEqualTo("root");
        assertThat(target.port()).isEqualTo(22);
        assertThat(target.credentials().keyFiles()).containsExactly(dir.resolve("plain_key"));
        assertThat(target.knownHosts()).isEqualTo(dir.resolve("kh"));
    }

    @Test
    void aProxyJumpOfTheConfigIsResolvedHopByHopThroughTheConfigToo() throws Exception {
        SshTarget target = resolve(host("web2", ", user: deploy")).get("meet1");
        assertThat(target.address()).isEqualTo("web2.internal");
        assertThat(target.jumps()).containsExactly(new JumpHost("jump", "127.0.0.20", 2222));
        SshTarget written = resolve(host("web2.internal", ", user: deploy, proxy_jump: \"ops@127.0.0.30:2200,"
                + " bastion\"")).get("meet1");
        assertThat(written.jumps()).containsExactly(new JumpHost("ops", "127.0.0.30", 2200),
                new JumpHost("jump", "127.0.0.20", 2222));
        assertThat(resolve(host("web2", ", proxy_jump: none")).get("meet1").jumps()).isEmpty();
    }

    @Test
    void manyHostsAreAskedAboutOnceEachAndResolvedAsOneAtATimeWould() throws Exception {
        // An ssh that logs each name it is asked about, then answers as the real one does.
        Path asked = dir.resolve("asked");
        Path ssh = dir.resolve("logging-ssh");
        Files.writeString(ssh, """
                #!/bin/sh
                for last; do :; done
                echo "$last" >> '%s'
                exec ssh "$@"
                """.formatted(asked));
        Files.setPosixFilePermissions(ssh, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        StringBuilder hosts = new StringBuilder();
        List<String> addresses = List.of("web1", "web2", "web1", "192.0.2.50", "web2.internal", "192.0.2.51");
        for (int i = 0; i < addresses.size(); i++) {
            hosts.append("""
                          meet%1$d:
                            domain: meet%1$d.example.com
                            public_url: https://meet%1$d.example.com/
                            ssh: {address: %2$s}
                    """.formatted(i, addresses.get(i)));
        }
        Inventory inventory = new InventoryLoader().load(world.write("inventory.yml", """
                defaults:
                  ssh: {known_hosts: kh, config_file: ssh_config, identity_file: plain_key}
                  auth:
                    app_id: myapp
                    app_secret: {file: secret}
                groups:
                  web:
                    hosts:
                %s""".formatted(hosts)));

        Map<String, SshTarget> together = new SshTargets(new SecretResolver(Map.of()), Map.of(), null, home,
                ssh.toString()).resolve(inventory.hosts());

        assertThat(together.get("meet0").address()).isEqualTo("192.0.2.10");
        assertThat(together.get("meet2").port()).isEqualTo(2201);
        assertThat(together.get("meet1").jumps()).containsExactly(new JumpHost("jump", "127.0.0.20", 2222));
        assertThat(together.get("meet3").address()).isEqualTo("192.0.2.50");
        // every distinct name once (bastion: the jump host web2's config names), plus OpenSSH's defaults once
        assertThat(Files.readAllLines(asked)).containsExactlyInAnyOrder("baseline.invalid", "web1", "web2",
                "192.0.2.50", "web2.internal", "192.0.2.51", "bastion");
        for (HostConfig host : inventory.hosts()) {
            assertThat(together.get(host.name())).isEqualTo(targets(Map.of(), null).resolve(List.of(host))
                    .get(host.name()));
        }
    }

    @Test
    void anUnknownAliasIsBadInputNamingTheHostTheConfigAndTheFix() throws Exception {
        assertThatThrownBy(() -> resolve(host("web9", ""))).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.problems()).singleElement().hasToString(dir.resolve("inventory.yml")
                        + ":10:24: host 'meet1': 'web9' is not an alias of the OpenSSH config " + dir.resolve(
                        "ssh_config") + " (no Host block gives it a HostName) and not a domain name; fix: add 'Host"
                        + " web9' with 'HostName ADDRESS' there, or write the host's full name or IP address"));
        assertThatThrownBy(() -> resolve(host("web2.internal", ", proxy_jump: nosuchjump")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems().get(0).message())
                        .startsWith("jump host 1 'nosuchjump' of host 'meet1': 'nosuchjump' is not an alias"));
    }

    @Test
    void aProxyCommandIsRefusedWithTheAlternative() {
        assertThatThrownBy(() -> resolve(host("web3", ""))).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.problems().get(0).message()).contains("sets ProxyCommand for web3, which"
                        + " jitsi-deploy does not run; use ProxyJump there or ssh.proxy_jump here"));
    }

    @Test
    void aBrokenProxyJumpIsReportedAtItsLocation() throws Exception {
        Path inventory = world.write("inventory.yml", inventoryText(
                "{address: 192.0.2.10, proxy_jump: \"jump@@bastion\"}"));
        assertThatThrownBy(() -> new InventoryLoader().load(inventory))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems().get(0))
                        .hasToString(inventory + ":10:48: ssh.proxy_jump: 'jump@@bastion' is not a jump host; write"
                                + " [user@]host[:port], several separated by commas, e.g."
                                + " \"jump@bastion.example.com:22\""));
    }

    @Test
    void aPassphraseKeyIsDecryptedOnceWithTheReferenceAndAWrongOneIsBadInput() throws Exception {
        keygen(dir.resolve("locked_key"), PASSPHRASE);
        Inventory inventory = twoHosts("identity_file: locked_key, identity_passphrase: {env: KEY_PASSPHRASE}");
        Map<String, SshTarget> targets = targets(Map.of("KEY_PASSPHRASE", PASSPHRASE), null).resolve(
                inventory.hosts());
        assertThat(targets.get("meet1").credentials().decrypted()).containsOnlyKeys(dir.resolve("locked_key"));
        assertThat(targets.get("meet2").credentials().decrypted().get(dir.resolve("locked_key")))
                .isSameAs(targets.get("meet1").credentials().decrypted().get(dir.resolve("locked_key")));

        assertThatThrownBy(() -> targets(Map.of("KEY_PASSPHRASE", "not it"), null).resolve(inventory.hosts()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).singleElement()
                        .hasToString(dir.resolve("inventory.yml") + ":2:123: host 'meet1': wrong passphrase for key"
                                + " file " + dir.resolve("locked_key") + " (from environment variable"
                                + " KEY_PASSPHRASE); fix: put the key's passphrase there (check it with 'ssh-keygen -y"
                                + " -f " + dir.resolve("locked_key") + "')"));
    }

    @Test
    void withoutReferenceThePassphraseIsAskedOncePerKeyFileAndWithoutConsoleItIsBadInput() throws Exception {
        keygen(dir.resolve("locked_key"), PASSPHRASE);
        Inventory inventory = twoHosts("identity_file: locked_key");
        List<String> prompts = new ArrayList<>();
        PassphrasePrompt prompt = text -> {
            prompts.add(text);
            return Optional.of((prompts.size() == 1 ? "typo" : PASSPHRASE).toCharArray());
        };
        Map<String, SshTarget> targets = targets(Map.of(), prompt).resolve(inventory.hosts());
        assertThat(prompts).containsExactly("Enter passphrase for key " + dir.resolve("locked_key") + ": ",
                "Enter passphrase for key " + dir.resolve("locked_key") + ": ");
        assertThat(targets.get("meet2").credentials().decrypted()).containsOnlyKeys(dir.resolve("locked_key"));

        assertThatThrownBy(() -> targets(Map.of(), null).resolve(inventory.hosts()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).singleElement()
                        .hasToString(dir.resolve("inventory.yml") + ":2:84: host 'meet1': key file "
                                + dir.resolve("locked_key") + " is protected by a passphrase and there is no console"
                                + " to ask on; fix: set ssh.identity_passphrase: {env: NAME} or {file: PATH}, or add"
                                + " the key to ssh-agent (ssh-add " + dir.resolve("locked_key") + ")"));
    }

    @Test
    void theAgentComesFromSshAuthSockAndAMissingIdentityFileIsBadInput() throws Exception {
        Inventory inventory = twoHosts("user: root");
        Map<String, SshTarget> targets = targets(Map.of("SSH_AUTH_SOCK", "/run/agent.sock"), null)
                .resolve(inventory.hosts());
        assertThat(targets.get("meet1").credentials().agentSocket()).isEqualTo(Path.of("/run/agent.sock"));
        assertThat(targets.get("meet1").credentials().keyFiles()).isEmpty();
        assertThat(targets.get("meet1").connectTimeout()).isEqualTo(Duration.ofSeconds(10));

        Inventory missing = twoHosts("identity_file: no_such_key");
        assertThatThrownBy(() -> targets(Map.of(), null).resolve(missing.hosts()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems().get(0).message())
                        .isEqualTo("ssh.identity_file " + dir.resolve("no_such_key") + " does not exist; name your"
                                + " private key file, or remove the key to log in with the ssh-agent"));
    }

    private Map<String, SshTarget> resolve(String sshMapping) throws Exception {
        Inventory inventory = new InventoryLoader().load(world.write("inventory.yml", inventoryText(sshMapping)));
        return targets(Map.of(), null).resolve(inventory.hosts());
    }

    private SshTargets targets(Map<String, String> environment, PassphrasePrompt prompt) {
        return new SshTargets(new SecretResolver(environment), environment, prompt, home, "ssh");
    }

    private String host(String address, String more) {
        return "{address: " + address + ", config_file: ssh_config" + more + "}";
    }

    private static String inventoryText(String sshMapping) {
        return InventoryWorld.oneHost("", "").replace("  ssh: {user: root}\n", "")
                .replace("ssh: {address: 127.0.0.2}", "ssh: " + sshMapping);
    }

    private Inventory twoHosts(String sshDefaults) throws Exception {
        return new InventoryLoader().load(world.write("inventory.yml", """
                defaults:
                  ssh: {address: 192.0.2.99, known_hosts: kh, connect_timeout: 10s, %s}
                  auth:
                    app_id: myapp
                    app_secret: {file: secret}
                groups:
                  web:
                    hosts:
                      meet1:
                        domain: meet1.example.com
                        public_url: https://meet1.example.com/
                      meet2:
                        domain: meet2.example.com
                        public_url: https://meet2.example.com/
                """.formatted(sshDefaults)));
    }

    private static void keygen(Path file, String passphrase) throws Exception {
        assertThat(new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-f", file.toString())
                .redirectErrorStream(true).start().waitFor()).isZero();
    }
}
