package dev.jitsideploy.render;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.jitsideploy.inventory.AuthSettings;
import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.JitsiDomains;
import dev.jitsideploy.inventory.Location;
import dev.jitsideploy.secrets.PublicKeyFile;
import dev.jitsideploy.secrets.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Renders the managed files of one host from the templates. */
public final class HostRenderer {

    public static final String VHOST_TEMPLATE = "prosody-vhost.cfg.lua.ftl";
    public static final String CONFIG_JS_TEMPLATE = "config.js.ftl";

    private final TemplateSet templates;
    private final LuaSyntax lua = LuaSyntax.onThisMachine();

    /**
     * @param templates the inventory's {@code templates} directory, whose files override the built-in templates;
     *                  null for the built-in templates only
     * @throws InvalidInputException when the directory cannot be used
     */
    public HostRenderer(Path templates) throws InvalidInputException {
        this.templates = new TemplateSet(templates);
    }

    /** Renders an HS256 host: {@link #render(HostConfig, Secret, List, CarriedOverValues, String)} with no keys. */
    public RenderedHost render(HostConfig host, Secret appSecret, CarriedOverValues carriedOver,
                               String currentJicofoConf) throws InvalidInputException {
        return render(host, appSecret, List.of(), carriedOver, currentJicofoConf);
    }

    /**
     * Renders the Prosody vhost, config.js and jicofo.conf of {@code host}, and for RS256 one public key file per
     * published key ({@code <paths.asap_keys>/<sha256hex(kid)>.pem}, mode 0644, restarting nothing).
     *
     * @param appSecret         the host's app secret ({@code HostCredentials.appSecret()}, HS256); null for RS256
     * @param publicKeys        the published keys of {@code auth.keys_dir} ({@code HostCredentials.publishedKeys()}:
     *                          at least one for RS256, which the credentials' resolution checked; ignored for HS256)
     * @param carriedOver       values read from the host's current vhost file ({@link CarriedOverValues#none()} if
     *                          none)
     * @param currentJicofoConf the host's current jicofo.conf text, or null when it has none (then the documented
     *                          stock skeleton is used and a note says so)
     * @throws InvalidInputException when a template is missing, broken or refers to an unknown variable, the
     *                               current jicofo.conf does not parse
     */
    public RenderedHost render(HostConfig host, Secret appSecret, List<PublicKeyFile> publicKeys,
                               CarriedOverValues carriedOver, String currentJicofoConf) throws InvalidInputException {
        return render(host, appSecret, publicKeys, carriedOver, currentJicofoConf, null);
    }

    /**
     * {@link #render(HostConfig, Secret, List, CarriedOverValues, String)} for a host whose current vhost file is
     * {@code currentVhost}: a rendered vhost that is byte for byte that file is not parsed as Lua here. Nothing will
     * be written to it and Prosody already reads it (the Lua check guards what is written, and the tool writes only
     * what passed it). That is every host of a no-op plan, where LuaJ's parse was some 5 % of the client's CPU.
     *
     * @param currentVhost the host's vhost file, or null when it has none
     */
    public RenderedHost render(HostConfig host, Secret appSecret, List<PublicKeyFile> publicKeys,
                               CarriedOverValues carriedOver, String currentJicofoConf, byte[] currentVhost)
            throws InvalidInputException {
        boolean rs256 = host.auth().isRs256();
        if (!rs256 && appSecret == null) {
            throw new IllegalArgumentException("an HS256 host needs its app secret");
        }
        List<String> notes = new ArrayList<>();
        Map<String, Object> model = model(host, rs256 ? null : appSecret, carriedOver);
        List<Secret> vhostSecrets = new ArrayList<>();
        if (!rs256) {
            vhostSecrets.add(appSecret);
        }
        if (carriedOver.turnSecret() != null) {
            vhostSecrets.add(carriedOver.turnSecret());
        } else {
            notes.add("no TURN secret (external_service_secret) to carry over from the host; TURN entries left out");
        }
        TemplateOutput vhostOutput = templates.render(VHOST_TEMPLATE, model);
        byte[] vhost = utf8(vhostOutput.text());
        if (currentVhost == null || !Arrays.equals(currentVhost, vhost)) {
            checkLua(host.paths().prosodyVhost(), vhostOutput);
        }
        String configJs = templates.render(CONFIG_JS_TEMPLATE, model).text();

        JitsiDomains domains = host.domains();
        String base = currentJicofoConf;
        if (base == null) {
            base = JicofoConfMerge.skeleton(domains.domain(), domains.auth(), domains.focusComponent());
            notes.add("no current jicofo.conf: merged into the stock skeleton (it has no focus password)");
        }
        String jicofo = JicofoConfMerge.merge(base, host.auth().jicofoAuthentication(), domains.domain(),
                host.paths().jicofoConf());

        List<RenderedFile> files = new ArrayList<>(List.of(
                new RenderedFile(host.paths().prosodyVhost(), vhost, 0640, "root", "prosody", Service.PROSODY,
                        vhostSecrets),
                new RenderedFile(host.paths().configJs(), utf8(configJs), 0644, "root", "root", Service.NONE,
                        List.of()),
                new RenderedFile(host.paths().jicofoConf(), utf8(jicofo), 0640, "root", "jicofo", Service.JICOFO,
                        focusPassword(jicofo))));
        if (rs256) {
            String directory = keyDirectory(host);
            // Public keys only: nginx (www-data) must read them, and Prosody fetches them per kid, so nothing restarts.
            for (PublicKeyFile key : publicKeys) {
                files.add(new RenderedFile(directory + key.fileName(), key.pem(), 0644, "root", "root", Service.NONE,
                        List.of()));
            }
        }
        return new RenderedHost(host, files, notes, ownedDirectories(host));
    }

    /**
     * Refuses a vhost that is not valid Lua here, at the template line that wrote the failing line, rather than on
     * the host during apply (which still runs luac there).
     */
    private void checkLua(String remotePath, TemplateOutput output) throws InvalidInputException {
        Optional<LuaSyntax.Problem> problem = lua.check(output.text());
        if (problem.isPresent()) {
            int line = problem.get().line();
            Location origin = output.originOf(line, templates.location(VHOST_TEMPLATE));
            throw new InvalidInputException(origin.problem("the template renders invalid Lua: " + remotePath
                    + " line " + line + ": " + problem.get().reason() + " (" + lua.parserName()
                    + "); fix the template here"));
        }
    }

    /**
     * The directories whose files {@link #render} owns for {@code host}: the key server's for RS256, none for HS256.
     * Known before rendering, so the host's state (including these directories) can be read in one go.
     */
    public static List<OwnedDirectory> ownedDirectories(HostConfig host) {
        return host.auth().isRs256() ? List.of(new OwnedDirectory(keyDirectory(host), ".pem")) : List.of();
    }

    private static String keyDirectory(HostConfig host) {
        String directory = host.paths().asapKeys();
        return directory.endsWith("/") ? directory : directory + "/";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The focus password in jicofo.conf is a secret too: diffs of the file must not show it. */
    private static List<Secret> focusPassword(String jicofoConf) {
        Config config = ConfigFactory.parseString(jicofoConf);
        String path = "jicofo.xmpp.client.password";
        if (config.hasPath(path) && !config.getValue(path).unwrapped().toString().isEmpty()) {
            return List.of(new Secret(config.getValue(path).unwrapped().toString(), "jicofo.conf"));
        }
        return List.of();
    }

    /** The variables the templates see; docs/templates.md lists them. {@code appSecret} is null for RS256. */
    static Map<String, Object> model(HostConfig host, Secret appSecret, CarriedOverValues carriedOver) {
        JitsiDomains domains = host.domains();
        AuthSettings auth = host.auth();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("host_name", host.name());
        model.put("domain", domains.domain());
        model.put("muc_domain", domains.muc());
        model.put("muc_label", domains.mucLabel());
        model.put("auth_domain", domains.auth());
        model.put("focus_user", domains.focusUser());
        model.put("focus_component", domains.focusComponent());
        model.put("internal_muc_domain", domains.internalMuc());
        model.put("lobby_domain", domains.lobby());
        model.put("breakout_domain", domains.breakout());
        model.put("jvb_user", "jvb@" + domains.auth());
        if (domains.guest() != null) {
            model.put("guest_domain", domains.guest());
        }
        model.put("public_host", host.publicUrl() == null ? domains.domain() : host.publicUrl().getHost());
        model.put("plugin_paths", host.paths().prosodyPlugins());
        model.put("app_id", auth.appId());
        model.put("signature_algorithm", auth.algorithm());
        if (appSecret != null) {
            model.put("app_secret", appSecret.reveal());
        }
        if (auth.isRs256() && auth.asapKeyServer() != null) {
            model.put("asap_key_server", auth.asapKeyServer());
        }
        model.put("allow_empty_token", auth.allowEmptyToken());
        model.put("enable_domain_verification", auth.enableDomainVerification());
        model.put("asap_accepted_issuers", auth.asapAcceptedIssuers());
        model.put("asap_accepted_audiences", auth.asapAcceptedAudiences());
        model.put("extra_vhost_modules", host.prosody().vhostModules());
        model.put("extra_muc_modules", host.prosody().mucModules());
        if (carriedOver.turnSecret() != null) {
            model.put("turn_secret", carriedOver.turnSecret().reveal());
        }
        String base = "https://" + model.get("public_host");
        TenantSsi ssi = carriedOver.tenantSsi();
        model.put("bosh_url", javascript(ssi.literal("bosh", base + "/", "http-bind"), base + "/http-bind"));
        model.put("websocket_url", javascript(ssi.literal("websocket", "wss://" + model.get("public_host") + "/",
                "xmpp-websocket"), "wss://" + model.get("public_host") + "/xmpp-websocket"));
        model.put("config_js_muc", javascript(ssi.literal("hosts.muc", domains.mucLabel() + ".", domains.domain()),
                domains.muc()));
        if (auth.tokenAuthUrl() != null) {
            model.put("token_auth_url", auth.tokenAuthUrl());
        }
        List<Map<String, Object>> extra = new ArrayList<>();
        host.configJs().extra().forEach((key, value) -> extra.add(Map.of("key", key,
                "value", LiteralOutputFormat.JAVASCRIPT.markup(JsLiteral.of(value)))));
        model.put("config_js_extra", extra);
        model.put("extra_global_settings", luaSettings(host.prosody().globalSettings()));
        model.put("extra_vhost_settings", luaSettings(host.prosody().vhostSettings()));
        model.put("extra_muc_settings", luaSettings(host.prosody().mucSettings()));
        return model;
    }

    /** The carried-over literal with its SSI expression as is, or the plain value (escaped by the template). */
    private static Object javascript(Optional<String> carried, String plain) {
        return carried.<Object>map(LiteralOutputFormat.JAVASCRIPT::markup).orElse(plain);
    }

    /** prosody.*_settings as {key, value} pairs, each value already a Lua literal. */
    private static List<Map<String, Object>> luaSettings(Map<String, Object> settings) {
        List<Map<String, Object>> pairs = new ArrayList<>();
        settings.forEach((key, value) -> pairs.add(Map.of("key", key,
                "value", LiteralOutputFormat.LUA.markup(LuaLiteral.of(value)))));
        return pairs;
    }
}
