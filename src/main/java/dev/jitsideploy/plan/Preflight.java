package dev.jitsideploy.plan;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.ServiceManager;
import dev.jitsideploy.remote.CommandResult;
import dev.jitsideploy.remote.HostScript;
import dev.jitsideploy.remote.SudoRefusedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

    private static final String SUDO = "sudo";

    /**
     * Runs the library check with the environment Prosody's service gets (its unit's Environment= and
     * EnvironmentFile=, or /etc/default/prosody under sysv): a host fixed through LUA_PATH_5_4 there is fixed.
     */
    private static final HostScript PROSODY_ENVIRONMENT = HostScript.named("with-prosody-env");

    private Preflight() {
    }

    /**
     * The one command of every check (run with root rights): answers one line per finding, e.g. {@code prosody
     * 0.12.4}, {@code lua lua5.4}, {@code missing mod_auth_token.lua}, {@code uses require "basexx"}, {@code loaded
     * basexx}, {@code noservice jicofo}. The Lua libraries that the token plugin files require are loaded on the host
     * in one interpreter of the Lua that runs Prosody; each that loads answers {@code loaded NAME}, so a missing
     * interpreter leaves every library unloaded.
     */
    public static String script(HostConfig host) {
        String plugins = plugins(host);
        StringBuilder script = new StringBuilder("lua=; if p=$(command -v prosody); then"
                + " echo \"prosody $(dpkg-query -W -f='${Version}' prosody 2>/dev/null || echo unknown)\";"
                + " lua=$(sed -n '1s/^#!.*[ /]\\(lua[0-9.]*\\).*$/\\1/p' \"$p\"); echo \"lua $lua\"; fi; ");
        for (String file : TOKEN_PLUGIN_FILES) {
            script.append("[ -f ").append(quote(plugins + "/" + file)).append(" ] || echo ")
                    .append(quote("missing " + file)).append("; ");
        }
        // The require lines of the files token auth loads (the Java side filters them with REQUIRE) ...
        StringBuilder users = new StringBuilder();
        for (String file : LIBRARY_USERS) {
            users.append(' ').append(quote(plugins + "/" + file));
        }
        script.append("uses=$(for f in").append(users).append("; do [ -f \"$f\" ] && grep -hoE ")
                .append(quote("(^|[^:.[:alnum:]_])require[[:space:]]*\\(?[[:space:]]*[\"'][A-Za-z0-9_.]+[\"']"))
                .append(" \"$f\"; done); [ -z \"$uses\" ] || printf '%s\\n' \"$uses\" | sed 's/^/uses /'; ");
        // ... and each module they name, loaded under Prosody's Lua (names are [A-Za-z0-9_.] by the grep above).
        script.append("if [ -n \"$p\" ] && [ -n \"$uses\" ]; then code=; for m in $(printf '%s\\n' \"$uses\" | sed -E ")
                .append(quote("s/.*[\"']([A-Za-z0-9_.]+)[\"']$/\\1/")).append(" | sort -u); do")
                .append(" code=\"$code if pcall(require, '$m') then print('loaded $m') end\"; done;")
                .append(' ').append(PROSODY_ENVIRONMENT.command(List.of(
                        host.serviceManager() == ServiceManager.SYSV ? "sysv" : "systemd", host.services().prosody())))
                .append(" \"${lua:-lua}\" -e \"$code\" 2>/dev/null; fi; ");
        for (Restart restart : Restart.values()) {
            String name = quote(restart.serviceName(host.services()));
            script.append(host.serviceManager() == ServiceManager.SYSV ? "[ -x /etc/init.d/" + name + " ]"
                    : "systemctl cat -- " + name + " >/dev/null 2>&1").append(" || echo ")
                    .append(quote("noservice " + restart.serviceName(host.services()))).append("; ");
        }
        return script.append("true").toString();
    }

    /**
     * The checks from {@link #script}'s answer. With {@code sudo}, the answer itself proves that sudo works (without a
     * password, or with the host's; a refusal never gets this far: it is {@link #sudoRefused}).
     */
    public static List<PreflightCheck> checks(HostConfig host, boolean sudo, CommandResult answer) {
        List<PreflightCheck> checks = new ArrayList<>();
        if (sudo) {
            checks.add(new PreflightCheck(SUDO, true, "works"));
        }
        String plugins = plugins(host);
        List<String> answers = answer.stdoutText().lines().toList();
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
            Set<String> loaded = answers.stream().filter(a -> a.startsWith("loaded ")).map(a -> a.substring(7))
                    .collect(Collectors.toSet());
            List<String> broken = libraries.stream().filter(library -> !loaded.contains(library)).toList();
            checks.add(new PreflightCheck("Lua libraries for " + lua, broken.isEmpty(), broken.isEmpty()
                    ? "load: " + String.join(", ", libraries)
                    : "do not load under " + lua + " with the prosody service's environment: " + String.join(", ", broken)
                    + " (Debian 12's lua-basexx/lua-inspect lack Lua 5.4 paths: install Jitsi's builds from its apt "
                    + "repository, or set LUA_PATH_5_4 in the prosody service's environment; see docs/deploy.md)"));
        }

        List<String> absent = answers.stream().filter(a -> a.startsWith("noservice ")).map(a -> a.substring(10))
                .toList();
        checks.add(new PreflightCheck("services (" + host.serviceManager().name().toLowerCase() + ")",
                absent.isEmpty(), absent.isEmpty() ? "prosody, jicofo and videobridge found"
                        : "not found: " + String.join(", ", absent)));
        return checks;
    }

    /** The one check left when sudo refused to run the preflight command: the host is not touched. */
    public static List<PreflightCheck> sudoRefused(SudoRefusedException refusal) {
        return List.of(new PreflightCheck(SUDO, false, refusal.getMessage()));
    }

    private static String plugins(HostConfig host) {
        return host.paths().prosodyPlugins().replaceAll("/+$", "");
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
