package dev.jitsideploy.render;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.jitsideploy.inventory.AuthSettings;
import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.JitsiDomains;
import dev.jitsideploy.secrets.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders the managed files of one host from the templates. */
public final class HostRenderer {

    public static final String VHOST_TEMPLATE = "prosody-vhost.cfg.lua.ftl";
    public static final String CONFIG_JS_TEMPLATE = "config.js.ftl";

    private final TemplateSet templates;

    /**
     * @param templates the templates directory (the inventory's {@code templates}, else the built-in one)
     * @throws InvalidInputException when the directory cannot be used
     */
    public HostRenderer(Path templates) throws InvalidInputException {
        this.templates = new TemplateSet(templates);
    }

    /**
     * Renders the Prosody vhost, config.js and jicofo.conf of {@code host}.
     *
     * @param appSecret         the resolved {@code auth.app_secret}
     * @param carriedOver       values read from the host's current vhost file ({@link CarriedOverValues#none()} if none)
     * @param currentJicofoConf the host's current jicofo.conf text, or null when it has none (then the documented
     *                          stock skeleton is used and a note says so)
     * @throws InvalidInputException when a template is missing, broken or refers to an unknown variable, or the
     *                               current jicofo.conf does not parse
     */
    public RenderedHost render(HostConfig host, Secret appSecret, CarriedOverValues carriedOver,
                               String currentJicofoConf) throws InvalidInputException {
        List<String> notes = new ArrayList<>();
        Map<String, Object> model = model(host, appSecret, carriedOver);
        List<Secret> vhostSecrets = new ArrayList<>(List.of(appSecret));
        if (carriedOver.turnSecret() != null) {
            vhostSecrets.add(carriedOver.turnSecret());
        } else {
            notes.add("no TURN secret (external_service_secret) to carry over from the host; TURN entries left out");
        }
        String vhost = templates.render(VHOST_TEMPLATE, model);
        String configJs = templates.render(CONFIG_JS_TEMPLATE, model);

        JitsiDomains domains = host.domains();
        String base = currentJicofoConf;
        if (base == null) {
            base = JicofoConfMerge.skeleton(domains.domain(), domains.auth(), domains.focusComponent());
            notes.add("no current jicofo.conf: merged into the stock skeleton (it has no focus password)");
        }
        String jicofo = JicofoConfMerge.merge(base, host.auth().jicofoAuthentication(), domains.domain(),
                host.paths().jicofoConf());

        List<RenderedFile> files = List.of(
                new RenderedFile(host.paths().prosodyVhost(), utf8(vhost), 0640, "root", "prosody", Service.PROSODY,
                        vhostSecrets),
                new RenderedFile(host.paths().configJs(), utf8(configJs), 0644, "root", "root", Service.NONE,
                        List.of()),
                new RenderedFile(host.paths().jicofoConf(), utf8(jicofo), 0640, "root", "jicofo", Service.JICOFO,
                        focusPassword(jicofo)));
        return new RenderedHost(host, files, notes);
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

    /** The variables the templates see; docs/templates.md lists them. */
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
        model.put("app_secret", appSecret.reveal());
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
        model.put("bosh_url", base + "/http-bind");
        model.put("websocket_url", "wss://" + model.get("public_host") + "/xmpp-websocket");
        if (auth.tokenAuthUrl() != null) {
            model.put("token_auth_url", auth.tokenAuthUrl());
        }
        List<Map<String, Object>> extra = new ArrayList<>();
        host.configJs().extra().forEach((key, value) -> extra.add(Map.of("key", key,
                "value", LiteralOutputFormat.JAVASCRIPT.markup(JsLiteral.of(value)))));
        model.put("config_js_extra", extra);
        return model;
    }
}
