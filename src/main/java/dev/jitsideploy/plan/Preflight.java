package dev.jitsideploy.plan;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.ServiceManager;
import dev.jitsideploy.remote.CommandResult;
import dev.jitsideploy.remote.RemoteException;
import dev.jitsideploy.remote.RemoteHost;
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
        String plugins = host.paths().prosodyPlugins().replaceAll("/+$", "");
        // One script for every check that needs no file contents: one round trip instead of one per check.
        StringBuilder script = new StringBuilder("if p=$(command -v prosody); then"
                + " echo \"prosody $(dpkg-query -W -f='${Version}' prosody 2>/dev/null || echo unknown)\";"
                + " echo \"lua $(sed -n '1s/^#!.*[ /]\\(lua[0-9.]*\\).*$/\\1/p' \"$p\")\"; fi; ");
        for (String file : TOKEN_PLUGIN_FILES) {
            script.append("[ -f ").append(quote(plugins + "/" + file)).append(" ] || echo ")
                    .append(quote("missing " + file)).append("; ");
        }
        // The require lines of the files token auth loads (the Java side filters them with REQUIRE).
        for (String file : LIBRARY_USERS) {
            String path = quote(plugins + "/" + file);
            script.append("[ -f ").append(path).append(" ] && grep -hoE ")
                    .append(quote("(^|[^:.[:alnum:]_])require[[:space:]]*\\(?[[:space:]]*[\"'][A-Za-z0-9_.]+[\"']"))
                    .append(' ').append(path).append(" | sed 's/^/uses /'; ");
        }
        for (Restart restart : Restart.values()) {
            String name = quote(restart.serviceName(host.services()));
            script.append(host.serviceManager() == ServiceManager.SYSV ? "[ -x /etc/init.d/" + name + " ]"
                    : "systemctl cat -- " + name + " >/dev/null 2>&1").append(" || echo ")
                    .append(quote("noservice " + restart.serviceName(host.services()))).append("; ");
        }
        List<String> answers = remote.runPrivileged(script + "true", timeout).stdoutText().lines().toList();
        Optional<String> version = valueOf(answers, "prosody ");
        if (version.isEmpty()) {
            checks.add(new PreflightCheck("prosody installed", false, "no prosody command on the host"));
            return checks;
        }
        checks.add(new PreflightCheck("prosody installed", true, "version " + version.get()));
        String lua = valueOf(answers, "lua ").filter(l -> !l.isBlank()).orElse("lua");

        List<String> missing = answers.stream().filter(a -> a.startsWith("missing ")).map(a -> a.substring(8))
                .toList();
        checks.add(new PreflightCheck("token plugin files", missing.isEmpty(), missing.isEmpty()
                ? "present in " + plugins : "missing in " + plugins + ": " + String.join(", ", missing)));

        TreeSet<String> libraries = new TreeSet<>(requires(String.join("\n", answers.stream()
                .filter(a -> a.startsWith("uses ")).map(a -> a.substring(5)).toList())));
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

        List<String> absent = answers.stream().filter(a -> a.startsWith("noservice ")).map(a -> a.substring(10))
                .toList();
        checks.add(new PreflightCheck("services (" + host.serviceManager().name().toLowerCase() + ")",
                absent.isEmpty(), absent.isEmpty() ? "prosody, jicofo and videobridge found"
                        : "not found: " + String.join(", ", absent)));
        return checks;
    }

    private static Optional<String> valueOf(List<String> answers, String prefix) {
        return answers.stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length()).strip())
                .findFirst();
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
