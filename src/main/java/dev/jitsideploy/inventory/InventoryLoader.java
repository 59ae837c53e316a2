package dev.jitsideploy.inventory;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads an inventory file into a validated {@link Inventory}, reporting every problem at once. */
public final class InventoryLoader {

    static final List<String> TOP_KEYS = List.of("templates", "defaults", "groups");
    static final List<String> GROUP_KEYS = List.of("vars", "hosts");
    static final List<String> HOST_KEYS = List.of("ssh", "domain", "muc_domain", "public_url", "service_manager",
            "services", "paths", "auth", "config_js", "prosody", "tls", "smoke_test");
    static final List<String> SSH_KEYS = List.of("address", "port", "user", "identity_file", "identity_passphrase",
            "known_hosts", "sudo", "sudo_password", "connect_timeout", "proxy_jump", "config_file");
    static final List<String> AUTH_KEYS = List.of("algorithm", "app_id", "app_secret", "allow_empty_token",
            "allow_empty_token_intended", "enable_domain_verification", "asap_accepted_issuers",
            "asap_accepted_audiences", "token_auth_url", "guest_domain", "jicofo_authentication", "keys_dir",
            "asap_key_server");
    static final List<String> SECRET_KEYS = List.of("env", "file");
    static final List<String> SERVICE_KEYS = List.of("prosody", "jicofo", "videobridge");
    static final List<String> PATH_KEYS = List.of("prosody_vhost", "prosody_vhost_link", "config_js", "jicofo_conf",
            "prosody_plugins", "prosody_log", "jicofo_log", "asap_keys");
    static final List<String> CONFIG_JS_KEYS = List.of("extra");
    static final List<String> PROSODY_KEYS = List.of("vhost_modules", "muc_modules", "global_settings",
            "vhost_settings", "muc_settings");
    static final List<String> TLS_KEYS = List.of("ca_file");
    static final List<String> SMOKE_TEST_KEYS = List.of("room");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern MODULE = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern LUA_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> LUA_KEYWORDS = Set.of("and", "break", "do", "else", "elseif", "end", "false",
            "for", "function", "goto", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true",
            "until", "while");
    /** What the vhost template sets from the host's settings: the token checks, modules and the MUC names. */
    static final Set<String> RENDERED_SETTINGS = Set.of("authentication", "app_id", "app_secret",
            "asap_key_server", "signature_algorithm", "asap_accepted_issuers", "asap_accepted_audiences",
            "allow_empty_token", "enable_domain_verification", "modules_enabled", "main_muc", "lobby_muc",
            "breakout_rooms_muc", "plugin_paths", "muc_mapper_domain_base", "muc_mapper_domain_prefix",
            "external_service_secret");
    private static final Pattern ROOM = Pattern.compile("[a-z0-9]+");
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9@._-]+");

    /**
     * Loads and validates {@code file}. Secrets are not read here (only their references are checked: a secret file
     * must exist and be mode 0600).
     *
     * @throws InvalidInputException with every problem found, each at its file, line and column
     */
    public Inventory load(Path file) throws InvalidInputException {
        Reading reading = read(file);
        InvalidInputException.throwIfAny(reading.problems());
        return reading.inventory();
    }

    /**
     * What {@link #load} reads, without throwing: the inventory as far as it could be read and every problem found.
     * For a step that checks more right after loading (the token credentials) and reports its problems together
     * with these.
     *
     * @param inventory the hosts read (a host with a problem is there with what could be read of it); null when
     *                  the file is not an inventory at all (missing, not YAML, not a mapping)
     * @param problems  every problem, each once
     */
    public record Reading(Inventory inventory, List<InputProblem> problems) {
        public Reading {
            problems = List.copyOf(problems);
        }
    }

    /** {@link #load} without throwing: see {@link Reading}. */
    public Reading read(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        List<InputProblem> problems = new ArrayList<>();
        List<InputProblem> warnings = new ArrayList<>();
        YamlValue root = new YamlTree(absolute, problems).read();
        Inventory inventory = root == null ? null : read(absolute, root, problems, warnings);
        // The same merged value is read once per host: report each problem once.
        return new Reading(inventory, problems.stream().distinct().toList());
    }

    private Inventory read(Path file, YamlValue root, List<InputProblem> problems, List<InputProblem> warnings) {
        Location start = new Location(file, 1, 1);
        if (!(root instanceof YamlValue.Mapping rootMap)) {
            problems.add(root.at().problem("the inventory must be a mapping with 'defaults' and 'groups'; see"
                    + " docs/inventory.md"));
            return null;
        }
        Map<String, Location> unused = new LinkedHashMap<>();
        Section top = new Section(rootMap, "", TOP_KEYS, problems, unused);
        Path base = file.getParent();
        Path templates = null;
        String templatesText = top.string("templates", null);
        if (templatesText != null) {
            templates = localPath(templatesText, top.at("templates"), "templates", problems, file);
            if (templates != null && !Files.isDirectory(templates)) {
                problems.add(top.at("templates").problem("templates directory " + templates
                        + " does not exist; fix the path (relative to the inventory) or remove the key to use the"
                        + " built-in templates"));
            }
        }
        YamlValue.Mapping defaults = mapping(top, "defaults", problems, start);
        YamlValue.Mapping groups = mapping(top, "groups", problems, start);
        if (groups.entries().isEmpty()) {
            problems.add(top.at("groups").problem("the inventory has no groups; add groups: {NAME: {hosts: {...}}}"));
        }
        Map<String, List<String>> groupHosts = new LinkedHashMap<>();
        Map<String, Location> hostSeen = new LinkedHashMap<>();
        List<HostConfig> hosts = new ArrayList<>();
        for (Map.Entry<String, YamlValue> groupEntry : groups.entries().entrySet()) {
            String groupName = groupEntry.getKey();
            Location groupAt = groups.keyAt().get(groupName);
            checkName(groupName, groupAt, "group", problems);
            Section group = sectionOf(groupEntry.getValue(), "groups." + groupName, GROUP_KEYS, groupAt, problems,
                    unused);
            YamlValue.Mapping vars = mapping(group, "vars", problems, groupAt);
            YamlValue.Mapping hostMap = mapping(group, "hosts", problems, groupAt);
            if (hostMap.entries().isEmpty()) {
                problems.add(groupAt.problem("group '" + groupName + "' has no hosts; add hosts: {NAME: {...}}"
                        + " or remove the group"));
            }
            List<String> names = new ArrayList<>();
            for (Map.Entry<String, YamlValue> hostEntry : hostMap.entries().entrySet()) {
                String hostName = hostEntry.getKey();
                Location hostAt = hostMap.keyAt().get(hostName);
                checkName(hostName, hostAt, "host", problems);
                if (hostSeen.containsKey(hostName)) {
                    problems.add(hostAt.problem("host '" + hostName + "' is already defined at line "
                            + hostSeen.get(hostName).line() + "; a host belongs to exactly one group"));
                    continue;
                }
                hostSeen.put(hostName, hostAt);
                names.add(hostName);
                YamlValue.Mapping own = hostEntry.getValue() instanceof YamlValue.Mapping m ? m
                        : YamlValue.Mapping.empty(hostAt);
                if (!(hostEntry.getValue() instanceof YamlValue.Mapping)
                        && !(hostEntry.getValue() instanceof YamlValue.Scalar s
                                && s.type() == YamlValue.ScalarType.NULL)) {
                    problems.add(hostEntry.getValue().at().problem("host '" + hostName
                            + "' must be a mapping of its settings, not " + hostEntry.getValue().kind()));
                }
                YamlValue.Mapping merged = DeepMerge.merge(DeepMerge.merge(defaults, vars), own);
                hosts.add(new HostReader(file, hostName, groupName, hostAt, problems, warnings)
                        .read(merged));
            }
            groupHosts.put(groupName, names);
        }
        for (String groupName : groupHosts.keySet()) {
            if (hostSeen.containsKey(groupName)) {
                problems.add(hostSeen.get(groupName).problem("host '" + groupName
                        + "' has the name of a group, so --limit could not tell them apart; rename one of them"));
            }
        }
        return new Inventory(file, templates, groupHosts, hosts, List.copyOf(new LinkedHashSet<>(warnings)));
    }

    private static void checkName(String name, Location at, String what, List<InputProblem> problems) {
        if (!NAME.matcher(name).matches()) {
            problems.add(at.problem(what + " name " + Shown.quoted(name)
                    + " may only contain letters, digits, '.', '_' and '-'"
                    + " (it names a directory in render output)"));
        }
    }

    private static YamlValue.Mapping mapping(Section section, String key, List<InputProblem> problems,
                                             Location fallback) {
        YamlValue value = section.raw(key);
        if (value == null) {
            return YamlValue.Mapping.empty(section.has(key) ? section.at(key) : fallback);
        }
        if (value instanceof YamlValue.Mapping mapping) {
            return mapping;
        }
        problems.add(value.at().problem(key + " must be a mapping, not " + value.kind()));
        return YamlValue.Mapping.empty(value.at());
    }

    private static Section sectionOf(YamlValue value, String path, List<String> allowed, Location at,
                                     List<InputProblem> problems, Map<String, Location> locations) {
        if (value instanceof YamlValue.Mapping mapping) {
            return new Section(mapping, path, allowed, problems, locations);
        }
        if (!(value instanceof YamlValue.Scalar scalar && scalar.type() == YamlValue.ScalarType.NULL)) {
            problems.add(value.at().problem(path + " must be a mapping, not " + value.kind()));
        }
        return Section.absent(at, path, allowed, problems, locations);
    }

    /**
     * A path as the operator wrote it, with leading or trailing blanks or a control character (NUL included): such a
     * name is nearly always a paste error, and some tools on the way would silently drop the blank.
     */
    static boolean badBlanksOrControls(String text) {
        return text.isEmpty() || !text.strip().equals(text) || Shown.hasControlCharacters(text);
    }

    /** {@code text} resolved against the inventory's directory, or null (and a problem) when it cannot be a path. */
    private static Path localPath(String text, Location at, String key, List<InputProblem> problems, Path file) {
        if (badBlanksOrControls(text)) {
            problems.add(at.problem(key + " " + Shown.quoted(text) + " is empty, starts or ends with a blank, or holds"
                    + " a control character; write the path exactly"));
            return null;
        }
        try {
            return file.getParent().resolve(text).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            problems.add(at.problem(key + " " + Shown.quoted(text) + " is not a valid path here"));
            return null;
        }
    }

    /** {@code path} with repeated slashes, "." segments and a trailing slash removed, to compare remote paths. */
    private static String canonical(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** Reads and checks one host's merged settings. */
    private static final class HostReader {
        private final Path file;
        private final String name;
        private final String group;
        private final Location hostAt;
        private final List<InputProblem> problems;
        private final List<InputProblem> warnings;
        private final Map<String, Location> locations = new LinkedHashMap<>();

        HostReader(Path file, String name, String group, Location hostAt, List<InputProblem> problems,
                   List<InputProblem> warnings) {
            this.file = file;
            this.name = name;
            this.group = group;
            this.hostAt = hostAt;
            this.problems = problems;
            this.warnings = warnings;
        }

        /**
         * The local path written at {@code key} (relative to the inventory's directory), or null when absent or
         * refused; with {@code regularFile}, an existing path must be a plain file (a FIFO would block the run).
         */
        private Path local(Section section, String key, String defaultValue, boolean regularFile) {
            String text = section.string(key, defaultValue);
            if (text == null) {
                return null;
            }
            Path path = localPath(text, section.at(key), section.name(key));
            if (path != null && regularFile && Files.exists(path)) {
                InputFile.problem(path, section.name(key), InputFile.TEXT_MAX_BYTES, section.at(key))
                        .ifPresent(problems::add);
            }
            return path;
        }

        private Path localPath(String text, Location at, String key) {
            return InventoryLoader.localPath(text, at, key, problems, file);
        }

        HostConfig read(YamlValue.Mapping merged) {
            Section host = new Section(merged, "", HOST_KEYS, problems, locations);
            Section sshSection = host.section("ssh", SSH_KEYS);
            String address = sshSection.string("address", null);
            if (address == null) {
                problems.add(hostAt.problem("host '" + name + "' has no ssh.address; add ssh: {address: HOST_OR_IP}"));
            }
            if (address != null && (address.isBlank() || address.startsWith("-") || address.matches(".*\\s.*"))) {
                problems.add(sshSection.at("address").problem("ssh.address '" + address + "' is not a host name,"
                        + " address or OpenSSH alias; write e.g. meet1.example.com, 192.0.2.10 or an alias of your"
                        + " ~/.ssh/config"));
            }
            SshSettings ssh = new SshSettings(address,
                    sshSection.has("port") ? sshSection.integer("port", 22, 1, 65535) : null,
                    sshSection.string("user", null), local(sshSection, "identity_file", null, true),
                    local(sshSection, "known_hosts", null, true), sshSection.bool("sudo", false),
                    sshSection.has("sudo_password") ? secretRef(sshSection, "sudo_password", "JITSI_SUDO_PASSWORD")
                            : null,
                    sshSection.duration("connect_timeout", Duration.ofSeconds(10)),
                    sshSection.has("identity_passphrase") ? secretRef(sshSection, "identity_passphrase",
                            "SSH_KEY_PASSPHRASE") : null,
                    proxyJump(sshSection), local(sshSection, "config_file", null, true));
            if (ssh.configFile() != null && !Files.isRegularFile(ssh.configFile())) {
                problems.add(sshSection.at("config_file").problem("ssh.config_file " + ssh.configFile()
                        + " does not exist; name your OpenSSH client config (e.g. ~/.ssh/config) or remove the key"));
            }

            String domain = host.string("domain", null);
            if (domain == null) {
                problems.add(hostAt.problem("host '" + name + "' has no domain; add domain: meet.example.com (the"
                        + " XMPP domain of the token vhost)"));
                domain = "invalid.example";
            } else {
                checkDomain(domain, host.at("domain"), "domain");
            }
            String muc = host.string("muc_domain", "conference." + domain);
            checkMuc(muc, domain, host.at("muc_domain"));
            URI publicUrl = url(host, "public_url", true);

            Section authSection = host.section("auth", AUTH_KEYS);
            AuthSettings auth = readAuth(authSection, domain, muc, publicUrl);

            ServiceManager serviceManager = serviceManager(host);
            Section servicesSection = host.section("services", SERVICE_KEYS);
            ServiceNames services = new ServiceNames(service(servicesSection, "prosody"),
                    service(servicesSection, "jicofo"), service(servicesSection, "videobridge"));
            ManagedPaths paths = readPaths(host.section("paths", PATH_KEYS), domain);
            Section prosodySection = host.section("prosody", PROSODY_KEYS);
            ProsodyExtras prosody = new ProsodyExtras(modules(prosodySection, "vhost_modules"),
                    modules(prosodySection, "muc_modules"), luaSettings(prosodySection, "global_settings"),
                    luaSettings(prosodySection, "vhost_settings"), luaSettings(prosodySection, "muc_settings"));
            ConfigJsSettings configJs = readConfigJs(host.section("config_js", CONFIG_JS_KEYS));
            Section tlsSection = host.section("tls", TLS_KEYS);
            TlsSettings tls = new TlsSettings(local(tlsSection, "ca_file", null, true));
            Section smokeSection = host.section("smoke_test", SMOKE_TEST_KEYS);
            String room = smokeSection.string("room", "jitsideployprobe");
            if (!ROOM.matcher(room).matches()) {
                problems.add(smokeSection.at("room").problem("smoke_test.room must be lowercase letters and digits"
                        + " only (Jitsi lower-cases room names); e.g. room: probe"));
            }
            return new HostConfig(name, group, ssh, JitsiDomains.of(domain, muc, auth.guestDomain()), publicUrl,
                    serviceManager, services, paths, auth, prosody, configJs, tls, new SmokeTestSettings(room),
                    new SourceLocations(hostAt, locations));
        }

        private AuthSettings readAuth(Section auth, String domain, String muc, URI publicUrl) {
            String algorithm = auth.string("algorithm", AuthSettings.HS256);
            if (!List.of(AuthSettings.HS256, AuthSettings.RS256).contains(algorithm)) {
                problems.add(auth.at("algorithm").problem("auth.algorithm " + Shown.quoted(algorithm)
                        + " is not supported; use"
                        + " HS256 (shared app_secret) or RS256 (key pairs, public keys served to Prosody by"
                        + " asap_key_server)" + Suggestion.didYouMean(algorithm, List.of("HS256", "RS256"))));
            }
            boolean rs256 = algorithm.equals(AuthSettings.RS256);
            String appId = auth.string("app_id", null);
            if (appId == null) {
                problems.add(hostAt.problem("host '" + name + "' has no auth.app_id; add auth: {app_id: myapp}"
                        + " (the token issuer Prosody accepts)"));
            } else if (appId.isBlank()) {
                problems.add(auth.at("app_id").problem("auth.app_id is empty; Prosody then disables token auth."
                        + " Set it to your application's id"));
            }
            SecretRef secret = rs256 && !auth.has("app_secret") ? null
                    : secretRef(auth, "app_secret", "JITSI_APP_SECRET");
            if (rs256 && secret != null) {
                warnings.add(auth.at("app_secret").problem("warning: auth.app_secret is not used with RS256 (Prosody"
                        + " fetches public keys from asap_key_server); remove it once no host needs HS256"));
            }
            Path keysDir = local(auth, "keys_dir", "asap-keys", false);
            String keyServer = null;
            if (auth.has("asap_key_server")) {
                URI uri = url(auth, "asap_key_server", false);
                keyServer = uri == null ? null : auth.string("asap_key_server", null);
                if (!rs256) {
                    warnings.add(auth.at("asap_key_server").problem("warning: auth.asap_key_server is only used"
                            + " with algorithm: RS256; it is not rendered for HS256"));
                }
            } else if (publicUrl != null) {
                keyServer = defaultKeyServer(publicUrl);
            }
            boolean allowEmpty = auth.bool("allow_empty_token", false);
            boolean intended = auth.bool("allow_empty_token_intended", false);
            if (allowEmpty && !intended) {
                warnings.add(auth.at("allow_empty_token").problem("warning: allow_empty_token: true means token"
                        + " enforcement is off (anyone can join without a token); set allow_empty_token_intended:"
                        + " true if that is what you want"));
            }
            if (intended && !allowEmpty) {
                problems.add(auth.at("allow_empty_token_intended").problem("allow_empty_token_intended is set but"
                        + " allow_empty_token is false; remove allow_empty_token_intended"));
            }
            boolean domainVerification = auth.bool("enable_domain_verification", true);
            if (!domainVerification) {
                warnings.add(auth.at("enable_domain_verification").problem("warning: enable_domain_verification:"
                        + " false means a token's 'sub' is not checked against the domain; keep it true unless"
                        + " tokens come from a minter that cannot set sub"));
            }
            List<String> issuers = auth.strings("asap_accepted_issuers");
            List<String> audiences = auth.strings("asap_accepted_audiences");
            for (String list : List.of("asap_accepted_issuers", "asap_accepted_audiences")) {
                if (auth.has(list) && auth.strings(list).isEmpty()) {
                    problems.add(auth.at(list).problem("auth." + list + " is an empty list, which no token can"
                            + " match; list at least one value or remove the key"));
                }
            }
            String tokenAuthUrl = null;
            if (auth.has("token_auth_url")) {
                URI uri = url(auth, "token_auth_url", false);
                tokenAuthUrl = uri == null ? null : auth.string("token_auth_url", null);
            }
            String guest = auth.string("guest_domain", null);
            if (guest != null) {
                checkDomain(guest, auth.at("guest_domain"), "auth.guest_domain");
                if (guest.equals(domain) || guest.equals(muc)) {
                    problems.add(auth.at("guest_domain").problem("auth.guest_domain must differ from the domain and"
                            + " the MUC domain; e.g. guest." + domain));
                }
            }
            // Jicofo's JWT authority only adds something when guests have their own domain (see docs/inventory.md).
            boolean jicofoAuth = auth.bool("jicofo_authentication", guest != null);
            if (guest != null && !jicofoAuth) {
                warnings.add(auth.at("jicofo_authentication").problem("warning: guests are enabled but"
                        + " jicofo_authentication is false, so guests can create rooms"));
            }
            if (jicofoAuth && allowEmpty) {
                warnings.add(auth.at("jicofo_authentication").problem("warning: with allow_empty_token: true,"
                        + " tokenless users are on the main domain, so jicofo counts them as authenticated: they can"
                        + " create rooms and become moderators"));
            }
            return new AuthSettings(algorithm, appId, secret, allowEmpty, intended, domainVerification, issuers,
                    audiences, tokenAuthUrl, guest, jicofoAuth, keysDir, keyServer);
        }

        /** The host's own site, where nginx serves the {@code paths.asap_keys} directory. */
        private static String defaultKeyServer(URI publicUrl) {
            String text = publicUrl.toString();
            return (text.endsWith("/") ? text : text + "/") + AuthSettings.DEFAULT_KEY_SERVER_PATH;
        }

        private ProxyJump proxyJump(Section ssh) {
            String text = ssh.string("proxy_jump", null);
            if (text == null) {
                return null;
            }
            try {
                return ProxyJump.parse(text);
            } catch (IllegalArgumentException e) {
                problems.add(ssh.at("proxy_jump").problem("ssh.proxy_jump: " + e.getMessage()));
                return null;
            }
        }

        /**
         * A {@code {env: NAME}} or {@code {file: PATH}} reference at {@code section.key}; {@code envExample} for
         * messages.
         */
        private SecretRef secretRef(Section section, String key, String envExample) {
            if (section.raw(key) == null) {
                problems.add(hostAt.problem("host '" + name + "' has no " + section.name(key) + "; add " + key
                        + ": {env: " + envExample + "} or {file: secrets/" + key + "}"));
                return null;
            }
            return secretRef(section, key, section.name(key), envExample, "secrets/" + key);
        }

        /** A secret's reference ({env: NAME} or {file: PATH}) under {@code key} of {@code section}, which has it. */
        private SecretRef secretRef(Section section, String key, String qualified, String envExample,
                                    String fileExample) {
            YamlValue value = section.raw(key);
            if (!(value instanceof YamlValue.Mapping mapping)) {
                // Never echo the value: it is probably the secret itself.
                problems.add(value.at().problem(qualified + " must not be written in the inventory; move the"
                        + " value to a file (chmod 600) or an environment variable and write " + key + ": {file:"
                        + " " + fileExample + "} or " + key + ": {env: " + envExample + "}"));
                return null;
            }
            Section ref = new Section(mapping, qualified, SECRET_KEYS, problems, locations);
            if (ref.has("env") == ref.has("file")) {
                problems.add(mapping.at().problem(qualified + " needs exactly one of env or file, e.g. {env:"
                        + " " + envExample + "}"));
                return null;
            }
            if (ref.has("env")) {
                String env = ref.string("env", null);
                if (env != null && !ENV_NAME.matcher(env).matches()) {
                    problems.add(ref.at("env").problem(qualified + ".env must be an environment variable name"
                            + " (letters, digits, '_'), e.g. " + envExample));
                    return null;
                }
                return env == null ? null : new SecretRef.Env(env, ref.at("env"));
            }
            String text = ref.string("file", null);
            if (text == null) {
                return null;
            }
            Path path = localPath(text, ref.at("file"), "auth.app_secret.file");
            if (path == null) {
                return null;
            }
            SecretRef.File fileRef = new SecretRef.File(path, ref.at("file"));
            SecretFilePermissions.problem(fileRef).ifPresent(problems::add);
            return fileRef;
        }

        private void checkDomain(String domain, Location at, String key) {
            if (!domain.equals(domain.toLowerCase())) {
                problems.add(at.problem(key + " " + Shown.quoted(domain) + " must be lowercase; write "
                        + Shown.quoted(domain.toLowerCase())));
            } else if (!DomainName.isValid(domain)) {
                problems.add(at.problem(key + " " + Shown.quoted(domain) + " is not a valid domain name (labels of"
                        + " letters, digits and inner '-', at least two labels), e.g. meet.example.com"));
            }
        }

        private void checkMuc(String muc, String domain, Location at) {
            String label = muc.endsWith("." + domain) ? muc.substring(0, muc.length() - domain.length() - 1) : null;
            if (label == null || !label.matches("[a-z0-9]+")) {
                problems.add(at.problem("muc_domain " + Shown.quoted(muc) + " must be <label>." + domain
                        + " with a label of"
                        + " letters and digits only (no '-' or '.'), e.g. conference." + domain + "; Jitsi's"
                        + " token_verification finds its settings by dropping the first label and silently stops"
                        + " checking rooms otherwise"));
            }
        }

        private URI url(Section section, String key, boolean required) {
            String text = section.string(key, null);
            if (text == null) {
                if (required && !section.has(key)) {
                    problems.add(hostAt.problem("host '" + name + "' has no " + key + "; add " + key
                            + ": https://meet.example.com/"));
                }
                return null;
            }
            try {
                // tokenAuthUrl may hold Jitsi's placeholders ({room}, {state}, ...), which URI syntax does not allow.
                URI uri = new URI(text.replaceAll("\\{[a-z_]+}", "x"));
                if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                    throw new URISyntaxException(text, "not an absolute http(s) URL");
                }
                if ("http".equals(uri.getScheme()) && key.equals("public_url")) {
                    warnings.add(section.at(key).problem("warning: public_url uses http; browsers need https for"
                            + " camera and microphone, and tokens would travel in clear"));
                }
                return uri;
            } catch (URISyntaxException e) {
                problems.add(section.at(key).problem(key + " must be an absolute https:// URL, e.g."
                        + " https://meet.example.com/"));
                return null;
            }
        }

        private ServiceManager serviceManager(Section host) {
            String text = host.string("service_manager", "systemd");
            return switch (text) {
                case "systemd" -> ServiceManager.SYSTEMD;
                case "sysv" -> ServiceManager.SYSV;
                default -> {
                    problems.add(host.at("service_manager").problem("service_manager must be systemd or sysv, not '"
                            + Shown.escaped(text) + "'" + Suggestion.didYouMean(text, List.of("systemd", "sysv"))));
                    yield ServiceManager.SYSTEMD;
                }
            };
        }

        private String service(Section services, String key) {
            String defaultName = switch (key) {
                case "prosody" -> "prosody";
                case "jicofo" -> "jicofo";
                default -> "jitsi-videobridge2";
            };
            String value = services.string(key, defaultName);
            if (!SERVICE.matcher(value).matches()) {
                problems.add(services.at(key).problem("services." + key + " must be a service name (letters, digits,"
                        + " '@', '.', '_', '-'), e.g. " + defaultName));
                return defaultName;
            }
            return value;
        }

        private ManagedPaths readPaths(Section paths, String domain) {
            ManagedPaths managed = new ManagedPaths(
                    path(paths, "prosody_vhost", "/etc/prosody/conf.avail/{domain}.cfg.lua", domain),
                    path(paths, "prosody_vhost_link", "/etc/prosody/conf.d/{domain}.cfg.lua", domain),
                    path(paths, "config_js", "/etc/jitsi/meet/{domain}-config.js", domain),
                    path(paths, "jicofo_conf", "/etc/jitsi/jicofo/jicofo.conf", domain),
                    path(paths, "prosody_plugins", "/usr/share/jitsi-meet/prosody-plugins/", domain),
                    path(paths, "prosody_log", "/var/log/prosody/prosody.log", domain),
                    path(paths, "jicofo_log", "/var/log/jitsi/jicofo.log", domain),
                    path(paths, "asap_keys", "/usr/share/jitsi-meet/asap-keys/", domain));
            checkDistinct(paths, managed);
            return managed;
        }

        private String path(Section paths, String key, String defaultValue, String domain) {
            String written = paths.string(key, defaultValue);
            String value = written.replace("{domain}", domain);
            if (badBlanksOrControls(written)) {
                problems.add(paths.at(key).problem("paths." + key + " " + Shown.quoted(written) + " starts or ends"
                        + " with a blank or holds a control character; remove them (a file name must be written"
                        + " exactly as it is on the host)"));
            } else if (!value.startsWith("/") || java.util.Arrays.asList(value.split("/")).contains("..")) {
                problems.add(paths.at(key).problem("paths." + key + " must be an absolute path on the host without"
                        + " '..', e.g. " + defaultValue));
            }
            return value;
        }

        /**
         * The files jitsi-deploy writes must be distinct, and none may be in the key directory it owns: two settings
         * naming one file would have one overwrite the other on every run.
         */
        private void checkDistinct(Section paths, ManagedPaths managed) {
            Map<String, String> written = new LinkedHashMap<>();
            written.put("prosody_vhost", managed.prosodyVhost());
            written.put("prosody_vhost_link", managed.prosodyVhostLink());
            written.put("config_js", managed.configJs());
            written.put("jicofo_conf", managed.jicofoConf());
            Map<String, String> seen = new LinkedHashMap<>();
            String keys = canonical(managed.asapKeys()) + "/";
            for (Map.Entry<String, String> entry : written.entrySet()) {
                String canonical = canonical(entry.getValue());
                String other = seen.putIfAbsent(canonical, entry.getKey());
                if (other != null) {
                    problems.add(paths.at(entry.getKey()).problem("paths." + entry.getKey() + " and paths." + other
                            + " name the same file " + Shown.quoted(canonical) + "; each managed file needs its own"
                            + " path"));
                } else if (canonical.startsWith(keys)) {
                    problems.add(paths.at(entry.getKey()).problem("paths." + entry.getKey() + " is inside"
                            + " paths.asap_keys, the key directory jitsi-deploy owns; put it elsewhere"));
                }
            }
        }

        private List<String> modules(Section prosody, String key) {
            List<String> modules = prosody.strings(key);
            for (String module : modules) {
                if (!MODULE.matcher(module).matches()) {
                    problems.add(prosody.at(key).problem("prosody." + key + " has " + Shown.quoted(module)
                            + ", which is not a"
                            + " module name; write the name without 'mod_' and '.lua', e.g. muc_lobby_rooms"));
                }
            }
            return modules;
        }

        /**
         * prosody.*_settings: Lua names, none that jitsi-deploy renders itself for the token checks (a later line
         * would silently override them) or modules_enabled (use the *_modules keys), and no null (Lua has none).
         */
        private Map<String, Object> luaSettings(Section prosody, String key) {
            Map<String, Object> settings = prosody.freeForm(key);
            for (Map.Entry<String, Object> setting : settings.entrySet()) {
                String name = setting.getKey();
                if (!LUA_NAME.matcher(name).matches() || LUA_KEYWORDS.contains(name)) {
                    problems.add(prosody.at(key).problem("prosody." + key + " has " + Shown.quoted(name)
                            + ", which is not a Prosody setting name; use letters, digits and _, e.g. max_history"));
                } else if (RENDERED_SETTINGS.contains(name)) {
                    problems.add(prosody.at(key).problem("prosody." + key + " must not set '" + name
                            + "': jitsi-deploy renders it from the host's settings (see docs/inventory.md)"));
                } else if (containsNull(setting.getValue())) {
                    problems.add(prosody.at(key).problem("prosody." + key + "." + name + " holds null, which Lua"
                            + " cannot write in a setting; leave the entry out instead"));
                }
            }
            return settings;
        }

        private static boolean containsNull(Object value) {
            if (value == ConfigJsSettings.Null.VALUE) {
                return true;
            }
            if (value instanceof List<?> list) {
                return list.stream().anyMatch(HostReader::containsNull);
            }
            return value instanceof Map<?, ?> map && map.values().stream().anyMatch(HostReader::containsNull);
        }

        private ConfigJsSettings readConfigJs(Section configJs) {
            Map<String, Object> extra = configJs.freeForm("extra");
            for (String managed : List.of("hosts", "bosh", "websocket", "tokenAuthUrl")) {
                if (extra.containsKey(managed)) {
                    problems.add(configJs.at("extra").problem("config_js.extra must not set '" + managed
                            + "': jitsi-deploy renders it from the host's settings (see docs/inventory.md)"));
                }
            }
            return new ConfigJsSettings(extra);
        }
    }
}
