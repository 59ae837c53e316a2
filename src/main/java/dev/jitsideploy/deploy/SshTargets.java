package dev.jitsideploy.deploy;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.Location;
import dev.jitsideploy.inventory.ProxyJump;
import dev.jitsideploy.inventory.SecretRef;
import dev.jitsideploy.inventory.SshSettings;
import dev.jitsideploy.remote.Credentials;
import dev.jitsideploy.remote.JumpHost;
import dev.jitsideploy.remote.KeyFiles;
import dev.jitsideploy.remote.OpenSshConfig;
import dev.jitsideploy.remote.OpenSshHost;
import dev.jitsideploy.remote.SshTarget;
import dev.jitsideploy.secrets.SecretResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns each host's {@code ssh} settings into the {@link SshTarget} the tool connects to, before any host is touched:
 * names are looked up in the operator's OpenSSH config (values the inventory writes win), jump hosts are resolved the
 * same way, the ssh-agent is taken from SSH_AUTH_SOCK, and every passphrase-protected key file is decrypted once
 * (passphrase from {@code ssh.identity_passphrase}, else asked on the console). Every problem found is bad input,
 * reported together at the inventory's location (exit 2, nothing changed). Precedence and defaults: docs/ssh.md.
 */
public final class SshTargets {

    private static final int PROMPT_TRIES = 3;
    private static final List<String> DEFAULT_KEY_NAMES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    /** How many {@code ssh -G} run at once when the hosts' OpenSSH settings are asked for (at most one per core). */
    private static final int PREFETCH_PARALLELISM = 4;

    private final SecretResolver secrets;
    private final Path agentSocket;
    private final PassphrasePrompt prompt;
    private final Path home;
    private final String sshCommand;
    private final Map<Optional<Path>, OpenSshConfig> configs = new HashMap<>();
    private final Map<Path, KeyPair> decrypted = new HashMap<>();
    /** Files that could not be decrypted, with the problem reported for the first host that uses them. */
    private final Map<Path, InputProblem> undecryptable = new HashMap<>();

    /**
     * @param environment the process environment (SSH_AUTH_SOCK)
     * @param prompt      asks for passphrases; null when there is no console
     * @param home        the operator's home directory (~/.ssh)
     * @param sshCommand  the OpenSSH client to ask about aliases ({@code ssh}); null when none is installed
     */
    public SshTargets(SecretResolver secrets, Map<String, String> environment, PassphrasePrompt prompt, Path home,
                      String sshCommand) {
        this.secrets = secrets;
        String socket = environment.get("SSH_AUTH_SOCK");
        this.agentSocket = socket == null || socket.isBlank() ? null : Path.of(socket);
        this.prompt = prompt;
        this.home = home;
        this.sshCommand = sshCommand;
    }

    /** The target of every host, by host name. */
    public Map<String, SshTarget> resolve(List<HostConfig> hosts) throws InvalidInputException {
        prefetchOpenSshConfig(hosts);
        Map<String, SshTarget> targets = new LinkedHashMap<>();
        List<InputProblem> problems = new ArrayList<>();
        for (HostConfig host : hosts) {
            try {
                targets.put(host.name(), resolve(host));
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.stream().distinct().toList());
        }
        return targets;
    }

    /**
     * Has {@code ssh -G} asked about every host's address and jump hosts a few at a time ({@link
     * OpenSshConfig#prefetch}); the hosts are then resolved one after another in inventory order (a passphrase may be
     * asked for, problems are reported in order) from those answers.
     */
    private void prefetchOpenSshConfig(List<HostConfig> hosts) {
        if (sshCommand == null) {
            return;
        }
        Map<Optional<Path>, List<String>> names = new LinkedHashMap<>();
        for (HostConfig host : hosts) {
            List<String> of = names.computeIfAbsent(Optional.ofNullable(host.ssh().configFile()),
                    file -> new ArrayList<>());
            of.add(host.ssh().address());
            if (host.ssh().proxyJump() != null) {
                host.ssh().proxyJump().hops().forEach(hop -> of.add(hop.host()));
            }
        }
        int parallelism = Math.min(PREFETCH_PARALLELISM, Runtime.getRuntime().availableProcessors());
        names.forEach((file, of) -> config(file).prefetch(of, parallelism));
    }

    private OpenSshConfig config(Optional<Path> file) {
        return configs.computeIfAbsent(file, f -> new OpenSshConfig(sshCommand, f.orElse(null), home));
    }

    private SshTarget resolve(HostConfig host) throws InvalidInputException {
        SshSettings ssh = host.ssh();
        Location addressAt = host.sources().of("ssh.address");
        OpenSshHost config = lookUp(ssh, ssh.address(), addressAt, "host '" + host.name() + "'");
        String address = config.hostName() != null ? config.hostName() : ssh.address();
        String user = first(ssh.user(), config.user(), "root");
        int port = first(ssh.port(), config.port(), 22);
        ProxyJump proxyJump = ssh.proxyJump();
        Location jumpAt = host.sources().of("ssh.proxy_jump");
        if (proxyJump == null && config.proxyJump() != null) {
            proxyJump = parseConfigJump(config.proxyJump(), addressAt, host.name());
        }
        if (proxyJump == null && config.proxyCommand() != null && !config.proxyCommand().equals("none")) {
            throw new InvalidInputException(addressAt.problem("host '" + host.name() + "': the OpenSSH config sets"
                    + " ProxyCommand for " + ssh.address() + ", which jitsi-deploy does not run; use ProxyJump there"
                    + " or ssh.proxy_jump here"));
        }
        List<JumpHost> jumps = new ArrayList<>();
        if (proxyJump != null) {
            for (int i = 0; i < proxyJump.hops().size(); i++) {
                jumps.add(jumpHost(ssh, proxyJump.hops().get(i), user, jumpAt, host.name(), i + 1));
            }
        }
        if (config.hostName() == null && jumps.isEmpty() && looksLikeAlias(ssh.address())) {
            throw new InvalidInputException(addressAt.problem(unknownAlias("host '" + host.name() + "'",
                    ssh.address(), ssh)));
        }
        Path knownHosts = ssh.knownHosts() != null ? ssh.knownHosts()
                : config.knownHostsFile() != null ? config.knownHostsFile() : home.resolve(".ssh/known_hosts");
        Credentials credentials = credentials(host, ssh, config);
        return new SshTarget(host.name(), address, port, user, credentials, knownHosts, ssh.sudo(), null,
                ssh.connectTimeout(), jumps);
    }

    private JumpHost jumpHost(SshSettings ssh, ProxyJump.Hop hop, String targetUser, Location at, String host,
                              int number) throws InvalidInputException {
        String who = "jump host " + number + " '" + hop.host() + "' of host '" + host + "'";
        OpenSshHost config = lookUp(ssh, hop.host(), at, who);
        if (config.hostName() == null && looksLikeAlias(hop.host())) {
            throw new InvalidInputException(at.problem(unknownAlias(who, hop.host(), ssh)));
        }
        return new JumpHost(first(hop.user(), config.user(), targetUser),
                config.hostName() != null ? config.hostName() : hop.host(), first(hop.port(), config.port(), 22));
    }

    private ProxyJump parseConfigJump(String text, Location at, String host) throws InvalidInputException {
        try {
            return ProxyJump.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(at.problem("host '" + host + "': ProxyJump of the OpenSSH config: "
                    + e.getMessage()));
        }
    }

    private OpenSshHost lookUp(SshSettings ssh, String name, Location at, String who) throws InvalidInputException {
        if (sshCommand == null) {
            if (ssh.configFile() != null) {
                throw new InvalidInputException(at.problem(who + ": ssh.config_file is set but no OpenSSH client"
                        + " (ssh) is installed to read it; install openssh-client"));
            }
            return OpenSshHost.NOTHING;
        }
        OpenSshConfig config = config(Optional.ofNullable(ssh.configFile()));
        try {
            return config.resolve(name);
        } catch (OpenSshConfig.ConfigException e) {
            throw new InvalidInputException(at.problem(who + ": " + e.getMessage()));
        }
    }

    /**
     * A single word that is not an address: meant as an alias of the OpenSSH config. Looking it up in DNS instead
     * would be a guess (and a query leaving the machine), so an alias the config does not know is an error.
     */
    private static boolean looksLikeAlias(String name) {
        return !name.contains(".") && !name.contains(":") && !name.equals("localhost");
    }

    private static String unknownAlias(String who, String name, SshSettings ssh) {
        return who + ": '" + name + "' is not an alias of the OpenSSH config " + (ssh.configFile() != null
                ? ssh.configFile().toString() : "(~/.ssh/config, /etc/ssh/ssh_config)") + " (no Host block gives it"
                + " a HostName) and not a domain name; fix: add 'Host " + name + "' with 'HostName ADDRESS' there, or"
                + " write the host's full name or IP address";
    }

    private Credentials credentials(HostConfig host, SshSettings ssh, OpenSshHost config)
            throws InvalidInputException {
        List<Path> named = ssh.identityFile() != null ? List.of(ssh.identityFile()) : config.identityFiles();
        Location fileAt = host.sources().of(ssh.identityFile() != null ? "ssh.identity_file" : "ssh.address");
        List<Path> files = new ArrayList<>();
        Map<Path, KeyPair> keyPairs = new HashMap<>();
        if (ssh.identityFile() != null && !Files.isRegularFile(ssh.identityFile())) {
            throw new InvalidInputException(fileAt.problem("ssh.identity_file " + ssh.identityFile() + " does not"
                    + " exist; name your private key file, or remove the key to log in with the ssh-agent"));
        }
        List<Path> candidates = named.isEmpty() ? DEFAULT_KEY_NAMES.stream().map(name -> home.resolve(".ssh")
                .resolve(name)).toList() : named;
        for (Path file : candidates) {
            if (!Files.isRegularFile(file)) {
                continue; // as OpenSSH: an IdentityFile of the config or a default key that is not there is skipped
            }
            Optional<KeyPair> keyPair = decryptIfNeeded(file, ssh.identityPassphrase(), fileAt, host.name(),
                    named.isEmpty());
            if (keyPair == null) {
                continue;
            }
            keyPair.ifPresent(pair -> keyPairs.put(file, pair));
            files.add(file);
        }
        return new Credentials(agentSocket, files, keyPairs);
    }

    /**
     * The decrypted pair of a passphrase-protected file, empty for a plain one, null for a default key that is
     * skipped (protected, and the agent is there to hold it instead).
     */
    private Optional<KeyPair> decryptIfNeeded(Path file, SecretRef passphraseRef, Location at, String host,
                                              boolean isDefault) throws InvalidInputException {
        if (decrypted.containsKey(file)) {
            return Optional.of(decrypted.get(file));
        }
        if (undecryptable.containsKey(file)) {
            throw new InvalidInputException(undecryptable.get(file)); // the same problem: reported once
        }
        try {
            if (!KeyFiles.isEncrypted(file)) {
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new InvalidInputException(at.problem("host '" + host + "': key file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + "); fix ssh.identity_file"));
        }
        if (isDefault && agentSocket != null && passphraseRef == null) {
            return null;
        }
        try {
            KeyPair pair = passphraseRef != null ? fromReference(file, passphraseRef, host)
                    : fromConsole(file, at, host);
            decrypted.put(file, pair);
            return Optional.of(pair);
        } catch (InvalidInputException e) {
            undecryptable.put(file, e.problems().get(0));
            throw e;
        }
    }

    private KeyPair fromReference(Path file, SecretRef ref, String host) throws InvalidInputException {
        char[] passphrase = secrets.resolve(ref).reveal().toCharArray();
        try {
            return KeyFiles.decrypt(file, passphrase);
        } catch (KeyFiles.WrongPassphraseException e) {
            throw new InvalidInputException(ref.at().problem("host '" + host + "': wrong passphrase for key file "
                    + file + " (from "
                    + ref.describe() + "); fix: put the key's passphrase there (check it with 'ssh-keygen -y -f "
                    + file + "')"));
        } catch (IOException e) {
            throw new InvalidInputException(ref.at().problem("host '" + host + "': key file " + file
                    + " cannot be read (" + e.getClass().getSimpleName() + ")"));
        }
    }

    private KeyPair fromConsole(Path file, Location at, String host) throws InvalidInputException {
        if (prompt == null) {
            throw new InvalidInputException(at.problem("host '" + host + "': key file " + file + " is protected by"
                    + " a passphrase and there is no console to ask on; fix: set ssh.identity_passphrase: {env:"
                    + " NAME} or {file: PATH}, or add the key to ssh-agent (ssh-add " + file + ")"));
        }
        for (int attempt = 1; attempt <= PROMPT_TRIES; attempt++) {
            Optional<char[]> typed = prompt.ask("Enter passphrase for key " + file + ": ");
            if (typed.isEmpty()) {
                break;
            }
            try {
                return KeyFiles.decrypt(file, typed.get());
            } catch (KeyFiles.WrongPassphraseException e) {
                continue;
            } catch (IOException e) {
                throw new InvalidInputException(at.problem("host '" + host + "': key file " + file
                        + " cannot be read (" + e.getClass().getSimpleName() + ")"));
            }
        }
        throw new InvalidInputException(at.problem("host '" + host + "': wrong passphrase for key file " + file
                + " (asked " + PROMPT_TRIES + " times or input ended); fix: type the key's passphrase, or set"
                + " ssh.identity_passphrase: {env: NAME} or {file: PATH}"));
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
