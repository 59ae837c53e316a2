package dev.jitsideploy.report;

import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.verify.CaseResult;
import dev.jitsideploy.verify.HostCheck;
import dev.jitsideploy.verify.HostVerification;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The result of a verify run, as text for people (one line per check and case, prefixed with the host) and as JSON
 * for machines (one object per host). Both carry the same data and neither holds a secret or a token: case results
 * never show tokens, and the Prosody log lines are redacted when they are read.
 */
public record VerifyReport(List<Host> hosts) {

    public VerifyReport {
        hosts = List.copyOf(hosts);
    }

    /**
     * One verified host.
     *
     * @param verification    its checks and case results
     * @param allowEmptyToken whether the inventory turns enforcement off on purpose (a warning, not a failure)
     * @param log             when it failed, the end of its Prosody log (redacted); else empty
     * @param started         when its verification began (hosts run in parallel, up to --forks at a time)
     * @param finished        when its verification, diagnosis included, ended
     */
    public record Host(HostVerification verification, boolean allowEmptyToken, List<String> log, Instant started,
                       Instant finished) {

        public Host {
            log = List.copyOf(log);
        }

        public String name() {
            return verification.host();
        }

        /** The lines verify prints for this host. */
        public String text() {
            String prefix = name() + ": ";
            StringBuilder out = new StringBuilder();
            if (!verification.signingKey().isEmpty()) {
                out.append(prefix).append("signing key: ").append(verification.signingKey()).append('\n');
            }
            for (HostCheck check : verification.checks()) {
                out.append(prefix).append(check).append('\n');
            }
            for (CaseResult probe : verification.cases()) {
                out.append(prefix).append(probe).append('\n');
            }
            warning().ifPresent(warning -> out.append(prefix).append("warning: ").append(warning).append('\n'));
            if (!log.isEmpty()) {
                out.append(prefix).append("prosody log, last lines (tokens and secrets redacted):\n");
                log.forEach(line -> out.append(prefix).append("  ").append(line).append('\n'));
            }
            out.append(prefix).append(verification.passed() ? "ok" : "FAILED").append(" (")
                    .append(verification.passedCases()).append('/').append(verification.cases().size())
                    .append(" cases passed)\n");
            return out.toString();
        }

        private Optional<String> warning() {
            return allowEmptyToken ? Optional.of("allow_empty_token is true, so anyone without a token "
                    + "gets in: enforcement is OFF by the inventory's choice") : Optional.empty();
        }

        private HostJson json() {
            return new HostJson(name(), verification.passed() ? "ok" : "failed", warning().orElse(null),
                    VerificationJson.of(verification, log, true), started.toString(), finished.toString());
        }
    }

    public boolean passed() {
        return hosts.stream().allMatch(host -> host.verification().passed());
    }

    public long failedHosts() {
        return hosts.stream().filter(host -> !host.verification().passed()).count();
    }

    /** The JSON document (docs/schema/verify.schema.json) with the inventory's warnings. */
    public String toJson(List<InputProblem> warnings) {
        List<ProblemJson> errors = hosts.stream().filter(host -> !host.verification().passed())
                .map(host -> ProblemJson.message(host.name() + ": verification failed")).toList();
        return JsonDocument.write(new Document(JsonDocument.SCHEMA_VERSION, "verify", passed() ? "ok" : "failed",
                hosts.stream().map(Host::json).toList(), ProblemJson.of(warnings), errors));
    }

    /** verify's JSON document. */
    record Document(int schemaVersion, String command, String verdict, List<HostJson> hosts,
                    List<ProblemJson> warnings, List<ProblemJson> errors) {
    }

    /** One verified host in the JSON. */
    record HostJson(String host, String verdict, String warning, VerificationJson verification, String started,
                    String finished) {
    }
}
