package dev.jitsideploy.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jitsideploy.deploy.HostOutcome;
import dev.jitsideploy.plan.FileChange;
import dev.jitsideploy.plan.FileDeletion;
import dev.jitsideploy.plan.HostPlan;
import dev.jitsideploy.plan.PreflightCheck;
import dev.jitsideploy.plan.Restart;
import dev.jitsideploy.rollout.ApplyGate;
import dev.jitsideploy.rollout.GateResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON of plan, apply, rollback and rotate (docs/schema/run.schema.json): one object per host with what was
 * planned, written, restarted and verified; rotate adds its {@code rotation} object. Built from a {@link RunReport}.
 */
public record RunDocument(int schemaVersion, String command, List<HostJson> hosts,
                          @JsonInclude(JsonInclude.Include.NON_NULL) RotationJson rotation,
                          List<ProblemJson> warnings, List<ProblemJson> errors) {

    /** The kind's own fields of a rotation ({@link SecretRotationReport}, {@link KeyRotationReport}). */
    public interface RotationJson {
    }

    static RunDocument of(RunReport report, RotationJson rotation, List<ProblemJson> warnings) {
        List<HostJson> hosts = report.hosts().stream().map(host -> HostJson.of(host,
                report.gates().get(host.host()), report.undone().get(host.host()))).toList();
        List<ProblemJson> errors = report.hosts().stream().filter(host -> host.error().isPresent())
                .map(host -> ProblemJson.message(host.host() + ": " + host.error().orElseThrow())).toList();
        return new RunDocument(JsonDocument.SCHEMA_VERSION, report.command(), hosts, rotation, List.copyOf(warnings),
                errors);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record HostJson(String host, String status, long millis, @JsonInclude(JsonInclude.Include.ALWAYS) String error,
                    boolean restored, List<String> written, List<String> restarted, VerificationJson verification,
                    RollbackJson rollback, RollbackJson takenBack, VerificationJson verificationAfterRollback,
                    List<PreflightJson> preflight, List<FileJson> files, Boolean linkToFix,
                    List<String> plannedRestarts, List<String> notes) {

        static HostJson of(HostOutcome host, GateResult gate, ApplyGate.Undo undo) {
            VerificationJson verification = gate == null ? null
                    : VerificationJson.of(gate.first(), gate.firstLog(), false);
            RollbackJson rollback = gate == null ? null : gate.rollback().map(RollbackJson::of).orElse(null);
            VerificationJson after = gate == null ? null : gate.second()
                    .map(second -> VerificationJson.of(second, gate.secondLog(), false)).orElse(null);
            RollbackJson takenBack = null;
            if (undo != null) {
                takenBack = RollbackJson.of(undo.rollback());
                after = VerificationJson.of(undo.verification(), undo.log(), false);
            }
            HostPlan plan = host.plan().orElse(null);
            return new HostJson(host.host(), lower(host.status()), host.millis(), host.error().orElse(null),
                    host.restored(), host.written(), keys(host.restarted()), verification, rollback, takenBack, after,
                    plan == null ? null : plan.preflight().stream().map(PreflightJson::of).toList(),
                    plan == null ? null : FileJson.of(plan), plan == null ? null : plan.linkToFix(),
                    plan == null ? null : keys(plan.restarts()), plan == null ? null : plan.notes());
        }
    }

    record RollbackJson(String status, boolean restored, List<String> paths, List<String> restarted, String error) {
        static RollbackJson of(HostOutcome rollback) {
            return new RollbackJson(lower(rollback.status()), rollback.restored(), rollback.written(),
                    keys(rollback.restarted()), rollback.error().orElse(null));
        }
    }

    record PreflightJson(String check, boolean passed, String detail) {
        static PreflightJson of(PreflightCheck check) {
            return new PreflightJson(check.name(), check.passed(), check.detail());
        }
    }

    /** A managed file: changed, created, unchanged, or deleted (a retired key's file, with no owner_mode after). */
    record FileJson(String path, String change, boolean contentChanged, String ownerMode, String ownerModeBefore,
                    String diff) {

        static List<FileJson> of(HostPlan plan) {
            List<FileJson> files = new ArrayList<>();
            for (FileChange change : plan.changes()) {
                files.add(new FileJson(change.path(), change.kind().name().toLowerCase(Locale.ROOT),
                        change.contentChanged(), change.target().toString(),
                        change.current().map(Object::toString).orElse(null), change.redactedDiff()));
            }
            for (FileDeletion deletion : plan.deletions()) {
                files.add(new FileJson(deletion.path(), "deleted", true, null, deletion.current().toString(), ""));
            }
            return files;
        }
    }

    private static String lower(HostOutcome.Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static List<String> keys(List<Restart> restarts) {
        return restarts.stream().map(Restart::key).toList();
    }
}
