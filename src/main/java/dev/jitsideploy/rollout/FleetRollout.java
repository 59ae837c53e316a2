package dev.jitsideploy.rollout;

import dev.jitsideploy.deploy.Deployment;
import dev.jitsideploy.deploy.Fleet;
import dev.jitsideploy.deploy.HostOutcome;
import dev.jitsideploy.inventory.HostConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A rollout that ends with every host on the new configuration or every host on the old one: each host is applied
 * and verified (its gate rolls it back alone when it fails); when any host fails, every other host this run changed
 * is rolled back too and verified on the previous configuration. What a rotation needs, since a fleet where some
 * hosts take the new secret or key and some the old is the one outcome it must never leave behind.
 */
public final class FleetRollout {

    private final Deployment deployment;
    private final ApplyGate gate;
    private final int forks;
    private final int serial;

    /**
     * @param deployment renders with the new secret or key
     * @param gate       verifies with the new one, and after a rollback with the old one
     * @param serial     hosts per batch (0: all at once); the rollout stops after a batch with a failure
     */
    public FleetRollout(Deployment deployment, ApplyGate gate, int forks, int serial) {
        this.deployment = deployment;
        this.gate = gate;
        this.forks = forks;
        this.serial = serial;
    }

    /** Plans every host (connect, preflight, read, diff); nothing is changed. */
    public List<HostOutcome> plan(List<HostConfig> hosts) throws InterruptedException {
        return new Fleet(forks, 0).run(hosts, deployment::plan);
    }

    /** Applies and verifies every host planned by {@link #plan}; on any failure, takes the whole run back. */
    public RolloutResult roll(List<HostConfig> hosts, String run) throws InterruptedException {
        Map<String, GateResult> gates = new ConcurrentHashMap<>();
        List<HostOutcome> outcomes = new Fleet(forks, serial).run(hosts, host -> {
            HostOutcome applied = deployment.apply(host, run);
            if (applied.status() == HostOutcome.Status.FAILED) {
                return applied;
            }
            // Every host is verified, even one apply found nothing to change on: the new secret or key must be
            // proven there too.
            GateResult result = gate.check(host, applied, run);
            gates.put(host.name(), result);
            return result.outcome(applied);
        });
        if (outcomes.stream().noneMatch(outcome -> outcome.status() == HostOutcome.Status.FAILED)) {
            return new RolloutResult(outcomes, gates, Map.of());
        }
        return new RolloutResult(outcomes, gates, takeBack(hosts, outcomes, gates, run));
    }

    /**
     * Rolls back this run on every host that may hold its changes: those that passed, and those whose apply failed
     * half-way (a dropped connection can come after a file was renamed into place). Hosts whose gate already rolled
     * them back, and hosts a stopped batch never reached, are left alone.
     */
    public Map<String, ApplyGate.Undo> takeBack(List<HostConfig> hosts, List<HostOutcome> outcomes,
                                                Map<String, GateResult> gates, String run)
            throws InterruptedException {
        Map<String, HostOutcome> byHost = new ConcurrentHashMap<>();
        outcomes.forEach(outcome -> byHost.put(outcome.host(), outcome));
        List<HostConfig> touched = hosts.stream().filter(host -> {
            HostOutcome outcome = byHost.get(host.name());
            GateResult result = gates.get(host.name());
            return outcome != null && outcome.status() != HostOutcome.Status.SKIPPED
                    && (result == null || result.passed());
        }).toList();
        Map<String, ApplyGate.Undo> undone = new ConcurrentHashMap<>();
        new Fleet(forks, 0).run(touched, host -> {
            ApplyGate.Undo undo = gate.undo(host, run);
            undone.put(host.name(), undo);
            return undo.rollback();
        });
        return undone;
    }
}
