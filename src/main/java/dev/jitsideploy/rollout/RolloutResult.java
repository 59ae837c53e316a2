package dev.jitsideploy.rollout;

import dev.jitsideploy.deploy.HostOutcome;
import java.util.List;
import java.util.Map;

/**
 * How a {@link FleetRollout} went.
 *
 * @param hosts  each host's outcome of apply and gate, in inventory order
 * @param gates  each verified host's gate
 * @param undone the hosts rolled back because another host failed, with their verification on the old configuration
 */
public record RolloutResult(List<HostOutcome> hosts, Map<String, GateResult> gates,
                            Map<String, ApplyGate.Undo> undone) {

    public RolloutResult {
        hosts = List.copyOf(hosts);
        gates = Map.copyOf(gates);
        undone = Map.copyOf(undone);
    }

    /** Every host applied and verified. */
    public boolean completed() {
        return hosts.stream().noneMatch(host -> host.status() == HostOutcome.Status.FAILED
                || host.status() == HostOutcome.Status.SKIPPED);
    }

    /** The hosts rolled back because another failed that could not be verified on the old configuration. */
    public List<String> notVerifiedBack() {
        return undone.entrySet().stream().filter(entry -> !entry.getValue().verified()).map(Map.Entry::getKey)
                .sorted().toList();
    }

    /** The hosts rolled back because another failed and verified on the old configuration. */
    public List<String> verifiedBack() {
        return undone.entrySet().stream().filter(entry -> entry.getValue().verified()).map(Map.Entry::getKey)
                .sorted().toList();
    }

    /** After a failure: every touched host rolled back and verified on the old configuration. */
    public boolean fullyUndone() {
        return undone.values().stream().allMatch(ApplyGate.Undo::verified)
                && gates.values().stream().filter(gate -> !gate.passed())
                .allMatch(gate -> gate.second().map(v -> v.passed()).orElse(false));
    }
}
