package dev.jitsideploy.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed verification's answers cannot tell, looked up in the host's own files ({@link HostFacts}, read over
 * SSH by the caller): for a focus that cannot be reached, the focus user's roster; for a server that offers no SASL
 * mechanism, whether its token module failed to load and which Lua library it missed. Used by {@code verify} and by
 * apply's gate.
 */
public final class HostDiagnosis {

    /** The name of the check that reports a token module Prosody could not load. */
    public static final String TOKEN_MODULE = "token module";

    private static final Pattern MISSING_LIBRARY = Pattern.compile("module '([A-Za-z0-9_.]+)' not found");

    private HostDiagnosis() {
    }

    /**
     * The verification with the diagnoses its failures call for, and the log lines to show: the tail, preceded by
     * the module load errors that explain it when they scrolled out of the tail.
     */
    public static Diagnosed diagnose(HostVerification verification, HostFacts host, int logLines) {
        if (verification.passed()) {
            return new Diagnosed(verification, List.of());
        }
        HostVerification diagnosed = verification;
        if (verification.focusUnreachable()) {
            diagnosed = diagnosed.withCheck(HostCheck.failed(HostVerifier.FOCUS_RELAY + " roster",
                    host.focusRosterDiagnosis()));
        }
        List<String> log = new ArrayList<>();
        if (verification.saslNotOffered()) {
            List<String> loadErrors = host.moduleLoadErrors();
            Optional<String> library = missingLibrary(loadErrors);
            if (library.isPresent()) {
                diagnosed = diagnosed.withCheck(HostCheck.failed(TOKEN_MODULE, tokenModuleProblem(library.get())));
            }
            log.addAll(loadErrors);
        }
        for (String line : host.prosodyLogTail(logLines)) {
            if (!log.contains(line)) {
                log.add(line);
            }
        }
        return new Diagnosed(diagnosed, log);
    }

    /** The first Lua library a module load error says was not found. */
    static Optional<String> missingLibrary(List<String> loadErrors) {
        for (String line : loadErrors) {
            Matcher matcher = MISSING_LIBRARY.matcher(line);
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    static String tokenModuleProblem(String library) {
        return "Prosody could not load the token module: the Lua library '" + library + "' is not found by "
                + "Prosody's Lua (see the log lines below), so no SASL mechanism is offered; fix: install Jitsi's "
                + "build of lua-" + library + " from its apt repository (Debian 12's has no Lua 5.4 path), or add "
                + "its directory to LUA_PATH_5_4 in the prosody service's environment, then restart prosody";
    }

    /** A verification with its diagnoses, and the Prosody log lines to show with it. */
    public record Diagnosed(HostVerification verification, List<String> log) {
        public Diagnosed {
            log = List.copyOf(log);
        }
    }
}
