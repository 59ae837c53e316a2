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

/**
 * Checks a host before anything on it is touched: Prosody is there (and which version), Jitsi's token plugin files
 * are in the plugin path, the Lua libraries those files require load under the Lua that runs Prosody, the services
 * exist in the service manager, and sudo works without a password when the inventory asks for sudo.
 */
public final class Preflight {

    // require "x" / require('x') but not module:require (which loads a plugin-local file)
    private static final Pattern REQUIRE = Pattern.compile("(?<![:.\\w])require\\s*\\(?\\s*[\"']([A-Za-z0-9_.]+)[\"']");
    /** Prosody's own modules; they load only inside Prosody, which is there if the first check passed. */
    private static final Pattern PROSODY_OWN = Pattern.compile("(util|core|net|modulemanager|prosody)(\\..*)?");

    private static final String SUDO = "sudo";

    /** The checks themselves: {@code host/preflight.sh}. */
    private static final HostScript SCRIPT = HostScript.named("preflight");

    /**
     * Runs the library check with the environment Prosody's service gets (its unit's Environment= and
     * EnvironmentFile=, or /etc/default/prosody under sysv): a host fixed through LUA_PATH_5_4 there is fixed.
     */
    private static final HostScript PROSODY_ENVIRONMENT = HostScript.named("with-prosody-env");

    private Preflight() {
    }

    /**
     * The one command of every check ({@code host/preflight.sh}, run with root rights): answers one line per finding,
     * e.g. {@code prosody 0.12.4}, {@code lua lua5.4}, {@code missing mod_auth_token.lua}, {@code uses require
     * "basexx"}, {@code loaded basexx}, {@code noservice jicofo}, {@code masked jicofo}. The Lua libraries that the
     * token plugin files require are loaded on the host in one interpreter of the Lua that runs Prosody; each that
     * loads answers {@code loaded NAME}, so a missing interpreter leaves every library unloaded.
     */
    public static String script(HostConfig host) {
        List<String> arguments = new ArrayList<>(List.of(
                host.serviceManager() == ServiceManager.SYSV ? "sysv" : "systemd", plugins(host),
                host.services().prosody(), PROSODY_ENVIRONMENT.text()));
        for (Restart restart : Restart.values()) {
            arguments.add(restart.serviceName(host.services()));
        }
        return SCRIPT.command(arguments);
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

        List<String> missing = valuesOf(answers, "missing ");
        checks.add(new PreflightCheck("token plugin files", missing.isEmpty(), missing.isEmpty()
                ? "present in " + plugins : "missing in " + plugins + ": " + String.join(", ", missing)));

        TreeSet<String> libraries = new TreeSet<>(requires(String.join("\n", valuesOf(answers, "uses "))));
        if (!libraries.isEmpty()) {
            Set<String> loaded = Set.copyOf(valuesOf(answers, "loaded "));
            List<String> broken = libraries.stream().filter(library -> !loaded.contains(library)).toList();
            checks.add(new PreflightCheck("Lua libraries for " + lua, broken.isEmpty(), broken.isEmpty()
                    ? "load: " + String.join(", ", libraries)
                    : "do not load under " + lua + " with the prosody service's environment: "
                    + String.join(", ", broken)
                    + " (Debian 12's lua-basexx/lua-inspect lack Lua 5.4 paths: install Jitsi's builds from its apt "
                    + "repository, or set LUA_PATH_5_4 in the prosody service's environment; see docs/deploy.md)"));
        }

        List<String> absent = valuesOf(answers, "noservice ");
        List<String> masked = valuesOf(answers, "masked ");
        List<String> problems = new ArrayList<>();
        if (!absent.isEmpty()) {
            problems.add("not found: " + String.join(", ", absent));
        }
        if (!masked.isEmpty()) {
            // systemd refuses to start or restart a masked unit, so a change could never take effect
            problems.add("masked: " + String.join(", ", masked) + " (systemd will not start or restart a masked unit;"
                    + " if it should run: systemctl unmask " + String.join(" ", masked) + ")");
        }
        checks.add(new PreflightCheck("services (" + host.serviceManager().name().toLowerCase() + ")",
                problems.isEmpty(), problems.isEmpty() ? "prosody, jicofo and videobridge found"
                        : String.join("; ", problems)));
        return checks;
    }

    /** The one check left when sudo refused to run the preflight command: the host is not touched. */
    public static List<PreflightCheck> sudoRefused(SudoRefusedException refusal) {
        return List.of(new PreflightCheck(SUDO, false, refusal.getMessage()));
    }

    /** What sudo said when it refused to run the preflight command ({@link #sudoRefused}), if it did. */
    public static Optional<String> sudoRefusal(List<PreflightCheck> checks) {
        return checks.stream().filter(check -> check.name().equals(SUDO) && !check.passed())
                .map(PreflightCheck::detail).findFirst();
    }

    private static String plugins(HostConfig host) {
        return host.paths().prosodyPlugins().replaceAll("/+$", "");
    }

    private static List<String> valuesOf(List<String> answers, String prefix) {
        return answers.stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length())).toList();
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
