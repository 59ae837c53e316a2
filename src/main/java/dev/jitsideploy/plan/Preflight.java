package dev.jitsideploy.plan;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.ServiceManager;
import dev.jitsideploy.remote.CommandResult;
import dev.jitsideploy.remote.RemoteException;
import dev.jitsideploy.remote.RemoteFile;
import dev.jitsideploy.remote.RemoteHost;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.jitsideploy.remote.ShellQuoting.quote;

/**
 * Checks a host before anything on it is touched: Prosody is there (and which version), Jitsi's token plugin files
 * are in the plugin path, the Lua libraries those files require load under the Lua that runs Prosody, the services
 * exist in the service manager, and sudo works without a password when the inventory asks for sudo.
 */
public final class Preflight {

    /** The plugin files token auth needs (file names as Jitsi ships them). */
    static final List<String> TOKEN_PLUGIN_FILES = List.of("mod_auth_token.lua", "mod_token_verification.lua",
            "token/util.lib.lua", "luajwtjitsi.lib.lua");

    /** Files whose {@code require}s are the libraries token auth loads. */
    private static final List<String> LIBRARY_USERS = List.of("token/util.lib.lua", "luajwtjitsi.lib.lua");

    // require "x" / require('x') but not module:require (which loads a plugin-local file)
    private static final Pattern REQUIRE = Pattern.compile("(?<![:.\\w])require\\s*\\(?\\s*[\"']([A-Za-z0-9_.]+)[\"']");
    /** Prosody's own modules; they load only inside Prosody, which is there if the first check passed. */
    private static final Pattern PROSODY_OWN = Pattern.compile("(util|core|net|modulemanager|prosody)(\\..*)?");

    private Preflight() {
    }

    public static List<PreflightCheck> run(RemoteHost remote, HostConfig host, Duration timeout)
            throws RemoteException {
        List<PreflightCheck> checks = new ArrayList<>();
        if (remote.target().sudo()) {
            try {
                CommandResult sudo = remote.runPrivileged("true", timeout);
                checks.add(new PreflightCheck("sudo without password", sudo.succeeded(),
                        sudo.succeeded() ? "works" : "exit status " + sudo.exitStatus()));
            } catch (RemoteException e) {
                checks.add(new PreflightCheck("sudo without password", false, e.getMessage()));
                return checks;
            }
        }
        CommandResult prosody = remote.runPrivileged("p=$(command -v prosody) || exit 1; echo \"$p\";"
                + " dpkg-query -W -f='${Version}\\n' prosody 2>/dev/null || echo unknown;"
                + " sed -n '1s/^#!.*[ /]\\(lua[0-9.]*\\).*$/\\1/p' \"$p\"", timeout);
        List<String> lines = prosody.stdoutText().lines().toList();
        if (!prosody.succeeded() || lines.size() < 2) {
            checks.add(new PreflightCheck("prosody installed", false, "no prosody command on the host"));
            return checks;
        }
        checks.add(new PreflightCheck("prosody installed", true, "version " + lines.get(1)));
        String lua = lines.size() > 2 && !lines.get(2).isBlank() ? lines.get(2).strip() : "lua";

        String plugins = host.paths().prosodyPlugins().replaceAll("/+$", "");
        StringBuilder present = new StringBuilder();
        for (String file : TOKEN_PLUGIN_FILES) {
            present.append("[ -f ").append(quote(plugins + "/" + file)).append(" ] && echo ")
                    .append(quote(file)).append("; ");
        }
        List<String> found = remote.runPrivileged(present + "true", timeout).stdoutText().lines().toList();
        List<String> missing = TOKEN_PLUGIN_FILES.stream().filter(f -> !found.contains(f)).toList();
        checks.add(new PreflightCheck("token plugin files", missing.isEmpty(), missing.isEmpty()
                ? "present in " + plugins : "missing in " + plugins + ": " + String.join(", ", missing)));

        TreeSet<String> libraries = new TreeSet<>();
        for (String file : LIBRARY_USERS) {
            Optional<RemoteFile> source = missing.contains(file) ? Optional.empty()
                    : remote.read(plugins + "/" + file, timeout);
            source.ifPresent(s -> libraries.addAll(requires(new String(s.content(), StandardCharsets.UTF_8))));
        }
        if (!libraries.isEmpty()) {
            StringBuilder probe = new StringBuilder();
            for (String library : libraries) {
                probe.append(lua).append(" -e ").append(quote("require '" + library + "'"))
                        .append(" >/dev/null 2>&1 || echo ").append(quote(library)).append("; ");
            }
            List<String> broken = remote.runPrivileged(probe + "true", timeout).stdoutText().lines().toList();
            checks.add(new PreflightCheck("Lua libraries for " + lua, broken.isEmpty(), broken.isEmpty()
                    ? "load: " + String.join(", ", libraries)
                    : "do not load under " + lua + ": " + String.join(", ", broken)
                    + " (Debian 12's lua-basexx/lua-inspect lack Lua 5.4 paths; see docs)"));
        }

        StringBuilder services = new StringBuilder();
        for (Restart restart : Restart.values()) {
            String name = quote(restart.serviceName(host.services()));
            services.append(host.serviceManager() == ServiceManager.SYSV ? "[ -x /etc/init.d/" + name + " ]"
                    : "systemctl cat -- " + name + " >/dev/null 2>&1").append(" || echo ").append(name).append("; ");
        }
        List<String> absent = remote.runPrivileged(services + "true", timeout).stdoutText().lines().toList();
        checks.add(new PreflightCheck("services (" + host.serviceManager().name().toLowerCase() + ")",
                absent.isEmpty(), absent.isEmpty() ? "prosody, jicofo and videobridge found"
                        : "not found: " + String.join(", ", absent)));
        return checks;
    }

    static List<String> requires(String luaSource) {
        List<String> modules = new ArrayList<>();
        Matcher matcher = REQUIRE.matcher(luaSource);
        while (matcher.find()) {
            if (!PROSODY_OWN.matcher(matcher.group(1)).matches()) {
                modules.add(matcher.group(1));
            }
        }
        return modules;
    }
}
