package dev.jitsideploy.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryLoaderTest {

    @TempDir
    Path dir;

    private List<String> problems(Path file) {
        try {
            new InventoryLoader().load(file);
        } catch (InvalidInputException e) {
            return e.problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
        }
        throw new AssertionError("expected the inventory to be refused");
    }

    @Test
    void everyProblemIsReportedAtItsLineInOneRun() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("open.secret", InventoryWorld.SECRET, "rw-r-----");
        Path file = world.write("inv.yml", """
                defaults:
                  ssh:
                    user: root
                    user: admin
                    prot: 22
                  auth:
                    app_id: myapp
                    app_secret: thisIsALiteralSecretValue1234567890
                groups:
                  web:
                    hosts:
                      meet1:
                        ssh: {address: 127.0.0.2, port: "22"}
                        domain: meet.example.com
                        public_url: https://meet.example.com/
                      meet2:
                        ssh: {address: 127.0.0.3}
                        domain: meet2.example.com
                        public_url: https://meet2.example.com/
                        auth:
                          app_secret: {file: open.secret}
                """);
        List<String> problems = problems(file);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("4:5: duplicate key 'user' (first written at"
                + " line 3)"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("5:5: unknown key 'prot' in ssh; did you mean"
                + " 'port'?"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("8:17: auth.app_secret must not be written"
                + " in the inventory"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("13:41: ssh.port must be a whole number, not"
                + " a string"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("21:30: secret file ")
                .contains("can be read or changed by group or others; run: chmod 600 "));
        assertThat(String.join("\n", problems)).doesNotContain("thisIsALiteralSecretValue");
        // The same merged default is read for two hosts but reported once.
        assertThat(problems).filteredOn(p -> p.contains("duplicate key")).hasSize(1);
    }

    @Test
    void mergesDefaultsGroupVarsAndHostInThatOrderKeepingLocations() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("secret", InventoryWorld.SECRET, "rw-------");
        Path file = world.write("inv.yml", """
                defaults:
                  ssh: {user: root, port: 22, identity_file: keys/id}
                  service_manager: systemd
                  auth: {app_id: base, app_secret: {env: NOPE}, asap_accepted_audiences: [jitsi]}
                  config_js: {extra: {a: 1, b: {c: true}}}
                groups:
                  lab:
                    vars:
                      service_manager: sysv
                      ssh: {port: 2222}
                      auth: {app_secret: {file: secret}}
                      config_js: {extra: {b: {d: "x"}}}
                    hosts:
                      lab1:
                        ssh: {address: 127.0.0.2, user: admin}
                        domain: lab1.jitsi.test
                        public_url: https://lab1.jitsi.test/
                        auth: {app_id: own}
                """);
        Inventory inventory = new InventoryLoader().load(file);
        HostConfig host = inventory.hosts().get(0);
        assertThat(host.ssh().user()).isEqualTo("admin");
        assertThat(host.ssh().port()).isEqualTo(2222);
        assertThat(host.ssh().identityFile()).isEqualTo(dir.resolve("keys/id"));
        assertThat(host.serviceManager()).isEqualTo(ServiceManager.SYSV);
        assertThat(host.auth().appId()).isEqualTo("own");
        assertThat(host.auth().appSecret()).isInstanceOf(SecretRef.File.class);
        assertThat(host.auth().asapAcceptedAudiences()).containsExactly("jitsi");
        assertThat(host.configJs().extra()).containsEntry("a", 1L);
        assertThat(host.configJs().extra().get("b")).isEqualTo(java.util.Map.of("c", true, "d", "x"));
        assertThat(host.domains().muc()).isEqualTo("conference.lab1.jitsi.test");
        assertThat(host.domains().focusComponent()).isEqualTo("focus.lab1.jitsi.test");
        assertThat(host.paths().prosodyVhost()).isEqualTo("/etc/prosody/conf.avail/lab1.jitsi.test.cfg.lua");
        assertThat(host.paths().configJs()).isEqualTo("/etc/jitsi/meet/lab1.jitsi.test-config.js");
        assertThat(host.sources().of("auth.app_id").line()).isEqualTo(18);
        assertThat(host.sources().of("service_manager").line()).isEqualTo(9);
        assertThat(host.auth().jicofoAuthentication()).isFalse();
        assertThat(inventory.warnings()).isEmpty();
    }

    @Test
    void jitsiChecks() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("secret", InventoryWorld.SECRET, "rw-------");
        Path file = world.write("inv.yml", InventoryWorld.oneHost(
                "    algorithm: RS512\n    guest_domain: meet.example.com",
                "        muc_domain: my-conf.meet.example.com\n        service_manager: systemv\n"
                        + "        prosody: {vhost_modules: [\"mod_x.lua\"]}\n"
                        + "        config_js: {extra: {hosts: {}}}"));
        List<String> problems = problems(file);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("auth.algorithm 'RS512' is not supported"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("auth.guest_domain must differ"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("muc_domain 'my-conf.meet.example.com' must be"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("service_manager must be systemd or sysv, not"
                + " 'systemv'; did you mean 'systemd'?"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("'mod_x.lua', which is not a module name"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("config_js.extra must not set 'hosts'"));
    }

    @Test
    void badDomainsAndMissingValues() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        Path file = world.write("inv.yml", """
                groups:
                  web:
                    hosts:
                      a: {domain: Meet.Example.com}
                      b: {domain: "meet_x.example.com"}
                """);
        List<String> problems = problems(file);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("4:19: domain 'Meet.Example.com' must be"
                + " lowercase"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("5:19: domain 'meet_x.example.com' is not a"
                + " valid domain name"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("4:7: host 'a' has no ssh.address"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("4:7: host 'a' has no auth.app_id"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("4:7: host 'a' has no auth.app_secret"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("4:7: host 'a' has no public_url"));
    }

    @Test
    void emptyTokenIsReportedAsEnforcementOffUnlessIntended() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("secret", InventoryWorld.SECRET, "rw-------");
        Inventory off = new InventoryLoader().load(world.write("a.yml",
                InventoryWorld.oneHost("    allow_empty_token: true\n    enable_domain_verification: false", "")));
        assertThat(off.warnings()).extracting(InputProblem::message)
                .anySatisfy(m -> assertThat(m).contains("token enforcement is off"))
                .anySatisfy(m -> assertThat(m).contains("enable_domain_verification: false"));
        Inventory intended = new InventoryLoader().load(world.write("b.yml",
                InventoryWorld.oneHost("    allow_empty_token: true\n    allow_empty_token_intended: true", "")));
        assertThat(intended.warnings()).isEmpty();
        assertThat(intended.hosts().get(0).auth().allowEmptyToken()).isTrue();
    }

    @Test
    void syntaxErrorsAreLocatedWithoutQuotingTheLine() throws Exception {
        Path file = new InventoryWorld(dir).write("inv.yml", "defaults:\n  auth: {app_secret: \"hunter2hunter2\n");
        List<String> problems = problems(file);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("3:1: invalid YAML").doesNotContain("hunter2");
    }

    @Test
    void limitSelectsHostsAndGroupsAndRefusesUnknownNames() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("secret", InventoryWorld.SECRET, "rw-------");
        Inventory inventory = new InventoryLoader().load(world.write("inv.yml", """
                defaults: {auth: {app_id: x, app_secret: {file: secret}}}
                groups:
                  one:
                    hosts:
                      h1: {ssh: {address: 127.0.0.2}, domain: h1.example.com, public_url: https://h1.example.com/}
                      h2: {ssh: {address: 127.0.0.3}, domain: h2.example.com, public_url: https://h2.example.com/}
                  two:
                    hosts:
                      h3: {ssh: {address: 127.0.0.4}, domain: h3.example.com, public_url: https://h3.example.com/}
                """));
        assertThat(HostLimit.select(inventory, null)).extracting(HostConfig::name).containsExactly("h1", "h2", "h3");
        assertThat(HostLimit.select(inventory, "two,h1")).extracting(HostConfig::name).containsExactly("h1", "h3");
        assertThatThrownBy(() -> HostLimit.select(inventory, "h4,tow"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problems()).extracting(InputProblem::message)
                        .anySatisfy(m -> assertThat(m).contains("'tow'").contains("did you mean 'two'?")));
    }

    @Test
    void theLabInventoryShapeOfTheContractLoads() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("inventories/lab/app_secret", InventoryWorld.SECRET, "rw-------");
        java.nio.file.Files.createDirectories(dir.resolve("templates"));
        Inventory inventory = new InventoryLoader().load(world.write("inventories/lab.yml", """
                templates: ../templates
                defaults:
                  ssh:
                    user: root
                    port: 22
                    identity_file: lab/id_ed25519
                    known_hosts: lab/known_hosts
                    sudo: false
                    connect_timeout: 10s
                  service_manager: sysv
                  tls:
                    ca_file: lab/ca.crt
                  auth:
                    algorithm: HS256
                    app_id: jitsi-deploy-lab
                    app_secret: {file: lab/app_secret}
                    allow_empty_token: false
                    enable_domain_verification: true
                    asap_accepted_issuers: [jitsi-deploy-lab]
                    asap_accepted_audiences: [jitsi]
                  smoke_test:
                    room: probe
                groups:
                  lab:
                    vars: {}
                    hosts:
                      lab1:
                        ssh: {address: 127.0.0.2}
                        domain: lab1.jitsi.test
                        public_url: https://lab1.jitsi.test/
                """));
        HostConfig lab1 = inventory.hosts().get(0);
        assertThat(inventory.templates()).isEqualTo(dir.resolve("templates"));
        assertThat(lab1.ssh()).isEqualTo(new SshSettings("127.0.0.2", 22, "root",
                dir.resolve("inventories/lab/id_ed25519"), dir.resolve("inventories/lab/known_hosts"), false,
                java.time.Duration.ofSeconds(10)));
        assertThat(lab1.serviceManager()).isEqualTo(ServiceManager.SYSV);
        assertThat(lab1.tls().caFile()).isEqualTo(dir.resolve("inventories/lab/ca.crt"));
        assertThat(lab1.smokeTest().room()).isEqualTo("probe");
        assertThat(lab1.auth().appSecret()).isEqualTo(new SecretRef.File(dir.resolve("inventories/lab/app_secret"),
                new Location(dir.resolve("inventories/lab.yml"), 16, 24)));
        assertThat(lab1.domains()).isEqualTo(new JitsiDomains("lab1.jitsi.test", "conference.lab1.jitsi.test",
                "auth.lab1.jitsi.test", "focus@auth.lab1.jitsi.test", "focus.lab1.jitsi.test",
                "internal.auth.lab1.jitsi.test", "lobby.lab1.jitsi.test", "breakout.lab1.jitsi.test", null));
        assertThat(lab1.services()).isEqualTo(new ServiceNames("prosody", "jicofo", "jitsi-videobridge2"));
        assertThat(inventory.warnings()).isEmpty();
    }

    @Test
    void rs256NeedsNoAppSecretAndDefaultsItsKeyServerToTheHostsOwnSite() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        Path file = world.write("inv.yml", InventoryWorld.withDefaults("""
                defaults:
                  auth: {algorithm: RS256, app_id: myapp}
                """, ""));
        HostConfig host = new InventoryLoader().load(file).hosts().get(0);
        assertThat(host.auth().isRs256()).isTrue();
        assertThat(host.auth().appSecret()).isNull();
        assertThat(host.auth().keysDir()).isEqualTo(dir.toAbsolutePath().resolve("asap-keys"));
        assertThat(host.auth().asapKeyServer()).isEqualTo("https://meet.example.com/asap-keys/");
        assertThat(host.paths().asapKeys()).isEqualTo("/usr/share/jitsi-meet/asap-keys/");
    }

    @Test
    void hs256StillNeedsItsSecretAndAKeyServerUrlMustBeAUrl() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        Path file = world.write("inv.yml", InventoryWorld.withDefaults("""
                defaults:
                  auth: {algorithm: HS256, app_id: myapp, asap_key_server: "not a url"}
                """, ""));
        List<String> problems = problems(file);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("has no auth.app_secret"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("asap_key_server must be an absolute"));
    }

    @Test
    void aSudoPasswordIsAReferenceNeverAValueAndResolvesPerHost() throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("app.secret", InventoryWorld.SECRET, "rw-------");
        world.secretFile("sudo.pw", "correct horse battery staple", "rw-------");
        world.secretFile("open.pw", "open", "rw-r--r--");
        String hosts = """
                defaults:
                  ssh: {user: deploy, sudo: true}
                  auth: {app_id: myapp, app_secret: {file: app.secret}}
                groups:
                  web:
                    hosts:
                      meet1:
                        ssh: {address: 127.0.0.2, sudo_password: %s}
                        domain: meet.example.com
                        public_url: https://meet.example.com/
                      meet2:
                        ssh: {address: 127.0.0.3}
                        domain: meet2.example.com
                        public_url: https://meet2.example.com/
                """;
        assertThat(problems(world.write("literal.yml", hosts.formatted("hunter2hunter2"))))
                .anySatisfy(p -> assertThat(p).contains("ssh.sudo_password must not be written in the inventory")
                        .doesNotContain("hunter2"));
        assertThat(problems(world.write("open.yml", hosts.formatted("{file: open.pw}"))))
                .anySatisfy(p -> assertThat(p).contains("open.pw"));

        Inventory inventory = new InventoryLoader().load(world.write("ok.yml", hosts.formatted("{file: sudo.pw}")));
        HostConfig meet1 = inventory.hosts().get(0);
        assertThat(meet1.ssh().sudoPassword()).isEqualTo(new SecretRef.File(dir.resolve("sudo.pw"),
                meet1.ssh().sudoPassword().at()));
        assertThat(inventory.hosts().get(1).ssh().sudoPassword()).isNull();
        dev.jitsideploy.deploy.SudoPasswords passwords = dev.jitsideploy.deploy.SudoPasswords.of(inventory.hosts(),
                new dev.jitsideploy.secrets.SecretResolver(java.util.Map.of()), java.util.Optional.of(
                        new dev.jitsideploy.remote.SudoPassword("asked", "the console")));
        assertThat(passwords.toString()).doesNotContain("correct horse").doesNotContain("asked");
        assertThat(new dev.jitsideploy.remote.SudoPassword("asked", "the console").toString())
                .isEqualTo("SudoPassword«redacted» from the console");
    }
}
