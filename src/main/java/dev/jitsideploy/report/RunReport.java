package dev.jitsideploy.report;

import dev.jitsideploy.deploy.HostOutcome;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.plan.FileChange;
import dev.jitsideploy.plan.FileDeletion;
import dev.jitsideploy.plan.HostPlan;
import dev.jitsideploy.plan.PreflightCheck;
import dev.jitsideploy.plan.Restart;
import dev.jitsideploy.rollout.ApplyGate;
import dev.jitsideploy.verify.CaseResult;
import dev.jitsideploy.rollout.GateResult;
import dev.jitsideploy.verify.HostVerification;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The result of one plan, apply, rollback or rotate run, as text for people (per host: preflight, files with redacted
 * diffs, restarts, then an Ansible-like recap with apply's verification gate) and as JSON for machines. Both carry
 * the same data; neither ever holds a secret (diffs are redacted when the plan is made, errors never carry file
 * contents, Prosody log lines are redacted when read). {@code undone} holds the hosts a rotation put back on the old
 * configuration because another host failed.
 */
public record RunReport(String command, List<HostOutcome> hosts, Map<String, GateResult> gates,
                        Map<String, ApplyGate.Undo> undone) {

    public RunReport {
        hosts = List.copyOf(hosts);
        gates = Map.copyOf(gates);
        undone = Map.copyOf(undone);
    }

    /** A run with apply's verification gate. */
    public RunReport(String command, List<HostOutcome> hosts, Map<String, GateResult> gates) {
        this(command, hosts, gates, Map.of());
    }

    /** A run without a verification gate (plan, rollback, apply --no-verify). */
    public RunReport(String command, List<HostOutcome> hosts) {
        this(command, hosts, Map.of());
    }

    public boolean anyFailed() {
        return hosts.stream().anyMatch(h -> h.status() == HostOutcome.Status.FAILED
                || h.status() == HostOutcome.Status.SKIPPED);
    }

    public boolean anyChanged() {
        return hosts.stream().anyMatch(h -> h.status() == HostOutcome.Status.CHANGED);
    }

    /** The plans only (what plan prints, and what apply shows before asking). */
    public String plansText() {
        StringBuilder out = new StringBuilder();
        for (HostOutcome host : hosts) {
            out.append("== ").append(host.host()).append('\n');
            host.plan().ifPresent(plan -> appendPlan(out, plan));
            host.error().ifPresent(error -> out.append("  error: ").append(error).append('\n'));
        }
        return out.toString();
    }

    private static void appendPlan(StringBuilder out, HostPlan plan) {
        for (PreflightCheck check : plan.preflight()) {
            out.append("  preflight ").append(check.passed() ? "ok    " : "FAILED").append(' ').append(check.name())
                    .append(": ").append(check.detail()).append('\n');
        }
        for (FileChange change : plan.changes()) {
            out.append("  ").append(change.kind().name().toLowerCase()).append(' ').append(change.path());
            if (change.attributesChanged()) {
                out.append(" (").append(change.current().orElseThrow()).append(" -> ").append(change.target())
                        .append(')');
            } else if (change.kind() == FileChange.Kind.CREATED) {
                out.append(" (").append(change.target()).append(')');
            }
            out.append('\n');
            if (!change.redactedDiff().isEmpty()) {
                change.redactedDiff().lines().forEach(line -> out.append("    ").append(line).append('\n'));
            }
        }
        for (FileDeletion deletion : plan.deletions()) {
            out.append("  deleted ").append(deletion.path()).append(" (not rendered any more: a retired key)\n");
        }
        if (plan.linkToFix()) {
            out.append("  link ").append(plan.host().paths().prosodyVhostLink()).append(" -> ")
                    .append(plan.linkTarget()).append('\n');
        }
        for (String note : plan.notes()) {
            out.append("  note: ").append(note).append('\n');
        }
        if (!plan.restarts().isEmpty()) {
            out.append("  restart: ").append(plan.restarts().stream().map(r -> r.serviceName(plan.host().services()))
                    .collect(Collectors.joining(" -> ")));
            if (!plan.pendingFromEarlierRun().isEmpty()) {
                out.append(" (due from an earlier run: ").append(plan.pendingFromEarlierRun().stream()
                        .map(Restart::key).sorted().collect(Collectors.joining(", "))).append(')');
            }
            out.append('\n');
        }
    }

    /** One line per host, like Ansible's PLAY RECAP. */
    public String recapText() {
        StringBuilder out = new StringBuilder(command.toUpperCase()).append(" RECAP\n");
        int width = hosts.stream().mapToInt(h -> h.host().length()).max().orElse(4);
        for (HostOutcome host : hosts) {
            // files: the paths the run set out to change (the link included); written: those it did change. A
            // rollback has no plan: the paths it restored or removed are both.
            long changed = host.plan().map(p -> (long) p.pathsToChange().size() + (p.linkToFix() ? 1 : 0))
                    .orElse((long) host.written().size());
            out.append(String.format("%-" + width + "s : %-8s files=%d written=%d restarted=%s%s time=%.1fs",
                    host.host(), host.status().name().toLowerCase(), changed, host.written().size(),
                    host.restarted().isEmpty() ? "-" : host.restarted().stream().map(Restart::key)
                            .collect(Collectors.joining(",")),
                    host.restored() ? " restored=yes" : "", host.millis() / 1000.0));
            // An error may carry log lines of its own (a failed restart): they stay under the host's line.
            host.error().ifPresent(error -> out.append("\n").append(" ".repeat(width)).append("   ")
                    .append(error.replace("\n", "\n" + " ".repeat(width + 3))));
            out.append('\n');
            GateResult gate = gates.get(host.host());
            if (gate != null) {
                appendGate(out, " ".repeat(width + 3), gate);
            }
            ApplyGate.Undo undo = undone.get(host.host());
            if (undo != null) {
                String indent = " ".repeat(width + 3);
                out.append(indent).append("taken back: ");
                appendRollback(out, undo.rollback());
                appendVerification(out, indent, "verify after rollback", undo.verification(), undo.log());
            }
        }
        return out.toString();
    }

    private static void appendGate(StringBuilder out, String indent, GateResult gate) {
        appendVerification(out, indent, "verify", gate.first(), gate.firstLog());
        gate.rollback().ifPresent(rollback -> appendRollback(out.append(indent).append("rollback: "), rollback));
        gate.second().ifPresent(second -> appendVerification(out, indent, "verify after rollback", second,
                gate.secondLog()));
    }

    private static void appendRollback(StringBuilder out, HostOutcome rollback) {
        out.append(rollback.status() == HostOutcome.Status.FAILED ? "FAILED " + rollback.error().orElse("")
                        : rollback.restored() ? "restored " + String.join(", ", rollback.written()) + "; restarted "
                        + (rollback.restarted().isEmpty() ? "-" : rollback.restarted().stream().map(Restart::key)
                        .collect(Collectors.joining(","))) : "nothing of this run to restore")
                .append('\n');
    }

    private static void appendVerification(StringBuilder out, String indent, String label,
                                           HostVerification verification, List<String> log) {
        out.append(indent).append(label).append(": ").append(GateResult.summary(verification)).append('\n');
        for (String problem : verification.problems()) {
            out.append(indent).append("  FAIL ").append(problem).append('\n');
        }
        for (CaseResult failure : failures(verification)) {
            out.append(indent).append("  ").append(failure).append('\n');
        }
        if (!log.isEmpty()) {
            out.append(indent).append("  prosody log, last lines (tokens and secrets redacted):\n");
            log.forEach(line -> out.append(indent).append("    ").append(line).append('\n'));
        }
    }

    private static List<CaseResult> failures(HostVerification verification) {
        return verification.cases().stream().filter(result -> !result.passed()).toList();
    }

    /** The JSON document (docs/schema/run.schema.json) with the inventory's warnings. */
    public String toJson(List<InputProblem> warnings) {
        return JsonDocument.write(RunDocument.of(this, null, ProblemJson.of(warnings)));
    }
}
