package dev.jitsideploy.rollout;

import dev.jitsideploy.deploy.Deployment;
import dev.jitsideploy.deploy.Fleet;
import dev.jitsideploy.deploy.HostOutcome;
import dev.jitsideploy.deploy.LastRun;
import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.Inventory;
import dev.jitsideploy.inventory.SecretRef;
import dev.jitsideploy.plan.AuthSwitch;
import dev.jitsideploy.remote.RemoteException;
import dev.jitsideploy.secrets.AuthFingerprint;
import dev.jitsideploy.secrets.KeyDirectory;
import dev.jitsideploy.secrets.KeyRing;
import dev.jitsideploy.secrets.Secret;
import dev.jitsideploy.secrets.SecretFileStore;
import dev.jitsideploy.secrets.StoredKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * The {@code rollback} command's run: restores the files the last apply replaced on each host and restarts what they
 * feed, then verifies each rolled-back host with the credentials the inventory points at (the gate apply ends with).
 * A run that switched the token credentials (a rotation) is not rolled back on the hosts alone: that would leave them
 * on the old secret while the secret file, and every token issuer, use the new one. With {@code withSecret} both go
 * back together (for RS256: the run's new keys are retired locally). Prints nothing: the command shows the result.
 */
public final class FleetRollback {

    /** A host whose last run switched credentials away from ones the inventory still points at. */
    public record Conflict(HostConfig host, LastRun run, AuthSwitch auth, AuthFingerprint inventory) {
    }

    /**
     * What reading every host's last run found.
     *
     * @param unreadable the hosts whose last run could not be read, with their failed outcome
     */
    public record Survey(Map<String, HostOutcome> unreadable, List<Conflict> conflicts) {
        public Survey {
            unreadable = Map.copyOf(unreadable);
            conflicts = List.copyOf(conflicts);
        }
    }

    /**
     * How the rollback went.
     *
     * @param hosts     each host's outcome (with the verification's verdict folded in), in inventory order
     * @param verified  each rolled-back host's verification
     * @param jointStep what the local half of a joint rollback did, or why it was not done (empty without one)
     */
    public record Result(List<HostOutcome> hosts, Map<String, ApplyGate.Undo> verified, Optional<String> jointStep) {
        public Result {
            hosts = List.copyOf(hosts);
            verified = Map.copyOf(verified);
        }
    }

    /** The local half of a joint rollback: the secret file or the key directory, done once every host rolled back. */
    private interface JointStep {
        String what();

        /** Does it; returns what was done, for the output. */
        String apply() throws Exception;
    }

    private final Deployment deployment;
    private final Inventory inventory;
    private final List<HostConfig> hosts;
    private final int forks;

    /** @param hosts the hosts to roll back (the inventory's selection), in inventory order */
    public FleetRollback(Deployment deployment, Inventory inventory, List<HostConfig> hosts, int forks) {
        this.deployment = deployment;
        this.inventory = inventory;
        this.hosts = List.copyOf(hosts);
        this.forks = forks;
    }

    /** Reads each host's last run: which ones switched credentials away from the inventory's. Nothing is changed. */
    public Survey survey() throws InvalidInputException {
        Map<String, HostOutcome> unreadable = new LinkedHashMap<>();
        List<Conflict> conflicts = new ArrayList<>();
        for (HostConfig host : hosts) {
            try {
                Optional<LastRun> last = deployment.lastRun(host);
                Optional<AuthSwitch> auth = last.flatMap(LastRun::auth);
                if (auth.isPresent() && auth.get().changes() && !auth.get().replaced().isNone()) {
                    AuthFingerprint now = deployment.inventoryCredentials(host);
                    if (!auth.get().replaced().accepts(now)) {
                        conflicts.add(new Conflict(host, last.get(), auth.get(), now));
                    }
                }
            } catch (RemoteException e) {
                unreadable.put(host.name(), new HostOutcome(host.name(), HostOutcome.Status.FAILED,
                        Optional.empty(), List.of(), List.of(), false, Optional.of(e.getMessage()), 0));
            }
        }
        return new Survey(unreadable, conflicts);
    }

    /**
     * Why the hosts may not be rolled back as asked, in one message (with the command that does it), or empty when
     * they may ({@code withSecret} rolling the secret file or key directory back with them where needed).
     *
     * @param again         the command line that runs this rollback again, for the message
     * @param verifyCommand the command line that verifies the fleet as it is, for the message
     */
    public Optional<String> refusal(Survey survey, boolean withSecret, String program, String again,
                                    String verifyCommand) throws Exception {
        List<Conflict> conflicts = survey.conflicts();
        if (conflicts.isEmpty()) {
            return Optional.empty();
        }
        Conflict first = conflicts.get(0);
        String names = conflicts.stream().map(c -> c.host().name()).collect(Collectors.joining(", "));
        String prefix = program + " rollback: refused, no host changed: the last run on " + names
                + " (" + first.run().run() + ") deployed " + first.auth().deployed() + " in place of "
                + first.auth().replaced() + ", but the inventory points at " + first.inventory()
                + "; rolling the hosts back alone would make them refuse every token signed with it. ";
        if (first.host().auth().isRs256()) {
            List<StoredKey> added = keysAdded(conflicts);
            if (added.isEmpty() || !newestWithout(first.host(), added).map(key -> first.auth().replaced().accepts(
                    AuthFingerprint.ofKeyFiles(List.of(key.publishedFileName())))).orElse(false)) {
                return Optional.of(prefix + "No published key of " + first.host().auth().keysDir() + " is one the"
                        + " rolled-back hosts serve: publish one of theirs again (or keep this run: nothing to do)");
            }
            if (!withSecret) {
                return Optional.of(prefix + "Roll back the hosts and the key directory together with '" + again
                        + " --with-secret' (retires " + added.stream().map(key -> key.kid().value())
                        .collect(Collectors.joining(", ")) + " locally, as a failed rotate does; issuers go back to"
                        + " the previous key), or keep this run (nothing to do)");
            }
            return Optional.empty();
        }
        SecretRef ref = first.host().auth().appSecret();
        // The secret file is shared by every host that names it: rolling it back for some of them would leave the
        // others on a secret the file no longer holds (rotate refuses the same --limit for the same reason).
        List<String> leftOut = inventory.hosts().stream()
                .filter(host -> !host.auth().isRs256() && sameSecret(host.auth().appSecret(), ref))
                .filter(host -> hosts.stream().noneMatch(selected -> selected.name().equals(host.name())))
                .map(HostConfig::name).toList();
        if (withSecret && !leftOut.isEmpty()) {
            return Optional.of(prefix + String.join(", ", leftOut) + " share the secret file but are left out by"
                    + " --limit: roll back every host that uses it together (drop --limit or add them)");
        }
        if (!(ref instanceof SecretRef.File file)) {
            return Optional.of(prefix + "The secret comes from " + ref.describe() + ": set it back to the previous"
                    + " secret yourself, then run '" + again + "' again");
        }
        Path previous = SecretFileStore.backupOf(file.path());
        Optional<String> previousProblem = previousProblem(conflicts, file);
        if (previousProblem.isPresent()) {
            return Optional.of(prefix + previousProblem.get() + ": put the previous secret back in " + file.path()
                    + " yourself, then run '" + again + "' again");
        }
        if (!withSecret) {
            return Optional.of(prefix + previous + " holds " + first.auth().replaced() + ": roll back the hosts and"
                    + " the secret file together with '" + again + " --with-secret' (or keep the new secret: run '"
                    + verifyCommand + "')");
        }
        return Optional.empty();
    }

    /**
     * Rolls every host back (up to {@code forks} at a time), then does the joint step when the survey found
     * conflicts (only when every host rolled back), then, with a gate, verifies each host that was restored.
     * Call only when {@link #refusal} found nothing.
     *
     * @param gate makes the gate that verifies with the credentials the inventory points at, called after the joint
     *             step (so it reads the secret file as that step left it); empty skips the verification
     */
    public Result run(Survey survey, Optional<Callable<ApplyGate>> gate) throws Exception {
        Optional<JointStep> joint = survey.conflicts().isEmpty() ? Optional.empty()
                : Optional.of(jointStep(survey.conflicts()));
        List<HostOutcome> outcomes = new Fleet(forks, 0).run(hosts, host -> survey.unreadable().containsKey(
                host.name()) ? survey.unreadable().get(host.name()) : deployment.rollback(host));
        Optional<String> jointDone = Optional.empty();
        if (joint.isPresent()) {
            List<String> failed = outcomes.stream().filter(o -> o.status() == HostOutcome.Status.FAILED)
                    .map(HostOutcome::host).toList();
            jointDone = Optional.of(failed.isEmpty() ? joint.get().apply() : joint.get().what() + " NOT done: "
                    + String.join(", ", failed) + " could not be rolled back; the verification below says which"
                    + " hosts run what");
        }
        Map<String, ApplyGate.Undo> verified = new ConcurrentHashMap<>();
        if (gate.isPresent()) {
            ApplyGate verifier = gate.get().call();
            Map<String, HostOutcome> byHost = outcomes.stream()
                    .collect(Collectors.toMap(HostOutcome::host, o -> o));
            outcomes = new Fleet(forks, 0).run(hosts, host -> {
                HostOutcome rolledBack = byHost.get(host.name());
                if (!rolledBack.restored()) {
                    return rolledBack;
                }
                ApplyGate.Undo undo = verifier.verifyRolledBack(host, rolledBack);
                verified.put(host.name(), undo);
                return undo.verified() ? rolledBack : new HostOutcome(host.name(), HostOutcome.Status.FAILED,
                        Optional.empty(), rolledBack.written(), rolledBack.restarted(), true, Optional.of(
                        rolledBack.error().map(e -> e + "; ").orElse("") + "rolled back, but the host does not"
                                + " verify with the credentials the inventory points at: "
                                + GateResult.summary(undo.verification())), rolledBack.millis());
            });
        }
        return new Result(outcomes, verified, jointDone);
    }

    /** Whether two references name the same secret (the same file, or the same variable), wherever written. */
    private static boolean sameSecret(SecretRef one, SecretRef other) {
        if (one instanceof SecretRef.File a && other instanceof SecretRef.File b) {
            return a.path().toAbsolutePath().normalize().equals(b.path().toAbsolutePath().normalize());
        }
        return one.describe().equals(other.describe());
    }

    /** Why FILE.previous cannot be what every conflicting host goes back to, or empty when it can. */
    private Optional<String> previousProblem(List<Conflict> conflicts, SecretRef.File file) {
        Path previous = SecretFileStore.backupOf(file.path());
        Secret value;
        try {
            value = SecretFileStore.previous(file);
        } catch (InvalidInputException e) {
            return Optional.of("there is no readable " + previous);
        }
        AuthFingerprint held = AuthFingerprint.of(value);
        for (Conflict conflict : conflicts) {
            if (!(conflict.host().auth().appSecret() instanceof SecretRef.File other)
                    || !other.path().equals(file.path())) {
                return Optional.of(conflict.host().name() + " uses another secret reference than "
                        + hosts.get(0).name());
            }
            if (!conflict.auth().replaced().equals(held)) {
                return Optional.of(previous + " holds " + held + ", not " + conflict.auth().replaced() + " that "
                        + conflict.host().name() + " would go back to");
            }
        }
        return Optional.empty();
    }

    /** Keys published locally that the run put on the hosts and that the rollback takes off them again. */
    private static List<StoredKey> keysAdded(List<Conflict> conflicts) throws Exception {
        KeyRing ring = KeyRing.forHost(conflicts.get(0).host());
        AuthSwitch auth = conflicts.get(0).auth();
        return ring.published().stream().filter(key -> {
            AuthFingerprint own = AuthFingerprint.ofKeyFiles(List.of(key.publishedFileName()));
            return auth.deployed().accepts(own) && !auth.replaced().accepts(own);
        }).toList();
    }

    private static Optional<StoredKey> newestWithout(HostConfig host, List<StoredKey> retired) throws Exception {
        List<StoredKey> left = KeyRing.forHost(host).published().stream().filter(key -> !retired.contains(key))
                .toList();
        return left.isEmpty() ? Optional.empty() : Optional.of(left.get(left.size() - 1));
    }

    private static JointStep jointStep(List<Conflict> conflicts) throws Exception {
        HostConfig host = conflicts.get(0).host();
        if (host.auth().isRs256()) {
            List<StoredKey> added = keysAdded(conflicts);
            String kids = added.stream().map(key -> key.kid().value()).collect(Collectors.joining(", "));
            return new JointStep() {
                @Override
                public String what() {
                    return "retiring " + kids + " locally";
                }

                @Override
                public String apply() throws Exception {
                    KeyDirectory keys = new KeyDirectory(host.auth().keysDir());
                    for (StoredKey key : added) {
                        keys.retire(key.kid(), Instant.now());
                    }
                    return "retired " + kids + " in " + host.auth().keysDir() + " (never reused: a host may have"
                            + " cached it); tokens are signed with the previous key again. Switch the issuers back.";
                }
            };
        }
        SecretRef.File file = (SecretRef.File) host.auth().appSecret();
        Secret previous = SecretFileStore.previous(file);
        return new JointStep() {
            @Override
            public String what() {
                return "restoring the secret file " + file.path();
            }

            @Override
            public String apply() throws Exception {
                new SecretFileStore().replace(file.path(), previous);
                return file.path() + " holds the previous secret again (" + AuthFingerprint.of(previous)
                        + "); the secret it replaces is kept as " + SecretFileStore.backupOf(file.path())
                        + ". Switch the token issuers back.";
            }
        };
    }
}
