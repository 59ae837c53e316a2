package dev.jitsideploy.cli;

import dev.jitsideploy.deploy.Fleet;
import dev.jitsideploy.deploy.Interruption;
import dev.jitsideploy.deploy.RunLockHolder;
import dev.jitsideploy.deploy.HostOutcome;
import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.HostLimit;
import dev.jitsideploy.plan.PlanFile;
import dev.jitsideploy.plan.Restart;
import dev.jitsideploy.plan.SavedPlan;
import dev.jitsideploy.report.ProblemJson;
import dev.jitsideploy.report.RunReport;
import dev.jitsideploy.rollout.ApplyGate;
import dev.jitsideploy.rollout.GateResult;
import dev.jitsideploy.verify.ProbeTransport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code apply [PLAN_FILE]}: without a file, plan afresh, show, confirm; with one ({@code plan --out}), plan afresh
 * and go on only when that is exactly the saved plan ({@link SavedPlans#differences}). Then push the files, restart
 * what changed and wait until ready; then the gate: every changed host is verified as {@code verify} does it, and
 * one that fails is rolled back and verified again.
 */
final class ApplyCommand implements Command {

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @Override
    public String name() {
        return "apply";
    }

    @Override
    public String summary() {
        return "push the planned files, restart what they feed (in order), wait until ready, then verify (gate)";
    }

    @Override
    public Options options() {
        return FleetCommandSupport.fleetOptions().addOption(CommonOptions.keepBackups())
                .addOption(Option.builder().longOpt("serial").hasArg().argName("N")
                        .desc("roll out in batches of N hosts; stop after a batch with a failure").get())
                .addOption(Option.builder().longOpt("yes").desc("apply without asking (required without a terminal)")
                        .get())
                .addOption(Option.builder().longOpt("no-verify").desc("skip the verification gate and its rollback "
                        + "(not recommended: nothing proves that tokens are enforced)").get())
                .addOption(Option.builder().longOpt("restart").hasArg().argName("SERVICE[,SERVICE]")
                        .desc("also restart these even when no file feeding them changed: prosody (then jicofo and"
                                + " jitsi-videobridge2 follow), jicofo, jitsi-videobridge2; e.g. after 'keys retire',"
                                + " since a running Prosody caches public keys").get());
    }

    /** The services named by --restart ({@code prosody}, {@code jicofo}, {@code jitsi-videobridge2}). */
    static Set<Restart> requestedRestarts(String value) throws ParseException {
        Set<Restart> requested = EnumSet.noneOf(Restart.class);
        if (value == null) {
            return requested;
        }
        for (String name : value.split(",", -1)) {
            requested.add(switch (name.strip()) {
                case "prosody" -> Restart.PROSODY;
                case "jicofo" -> Restart.JICOFO;
                case "jitsi-videobridge2" -> Restart.VIDEOBRIDGE;
                default -> throw new ParseException("--restart takes prosody, jicofo and jitsi-videobridge2,"
                        + " comma-separated; got '" + name.strip() + "'");
            });
        }
        return requested;
    }

    @Override
    public int maxArguments() {
        return 1;
    }

    @Override
    public String usage() {
        return "[PLAN_FILE]";
    }

    @Override
    public int run(CommandLine line, Session session) throws Exception {
        int forks = CommonOptions.positiveInt(line, "forks", CommonOptions.DEFAULT_FORKS);
        int serial = line.hasOption("serial") ? CommonOptions.positiveInt(line, "serial", 1) : 0;
        Set<Restart> restarts = requestedRestarts(line.getOptionValue("restart"));
        Path planFile = line.getArgList().isEmpty() ? null : session.resolve(line.getArgList().get(0));
        SavedPlan saved = planFile == null ? null : readPlan(line, planFile);
        // A saved plan was reviewed when it was made, and applies only as it was reviewed: no question (Terraform).
        boolean yes = line.hasOption("yes") || saved != null;
        if (!yes && !session.interactive()) {
            throw new ParseException("no terminal to confirm on: pass --yes to apply without asking");
        }
        FleetCommandSupport.Fleet fleet = saved == null ? FleetCommandSupport.open(line, session, true)
                : openForPlan(line, session, planFile, saved);
        fleet.deployment().holdRunLocks(RunLockHolder.thisProcess("apply"));
        var text = FleetCommandSupport.textStream(line, session);
        RunReport report;
        try {
            Interruption interruption = session.interruption();
            String run = newRunId();
            ApplyGate gate = line.hasOption("no-verify") ? null : new ApplyGate(fleet.deployment(),
                    fleet.credentials(), List.of(ProbeTransport.BOSH, ProbeTransport.WEBSOCKET),
                    Clock.systemUTC());
            Map<String, GateResult> gates = new ConcurrentHashMap<>();
            List<HostOutcome> outcomes;
            if (yes && saved == null) {
                // Nobody confirms, so each host is planned, applied and gated in one go and its connection released
                // as soon as it is done: the run holds connections (and their threads) for --forks hosts, never for
                // the whole fleet. The plans are shown with the recap, in inventory order.
                Map<String, HostOutcome> plannedByHost = new ConcurrentHashMap<>();
                outcomes = new Fleet(forks, serial, interruption).run(fleet.hosts(),
                        FleetCommandSupport.releasingAfter(fleet, session, host -> {
                            HostOutcome plan = fleet.deployment().plan(host, restarts);
                            plannedByHost.put(host.name(), plan);
                            return interruption.requested() ? Fleet.notStarted(host)
                                    : applyAndGate(fleet, host, plan, run, gate, gates, interruption);
                        }));
                text.print(new RunReport("plan", fleet.hosts().stream().map(host -> plannedByHost.get(host.name()))
                        .filter(java.util.Objects::nonNull).toList()).plansText());
            } else {
                // A host without changes (or whose planning failed) is done once planned; the others keep their
                // connection (and run lock) while the operator decides.
                List<HostOutcome> planned = new Fleet(forks, 0, interruption).run(fleet.hosts(), host -> {
                    HostOutcome plan = fleet.deployment().plan(host, restarts);
                    if (plan.status() != HostOutcome.Status.CHANGED) {
                        FleetCommandSupport.release(fleet, session, host);
                    }
                    return plan;
                });
                RunReport plans = new RunReport("plan", planned);
                text.print(plans.plansText());
                if (saved != null) {
                    // Every host is checked against the saved plan before any host is changed.
                    List<String> stale = SavedPlans.differences(saved, planned);
                    if (!stale.isEmpty()) {
                        return refuseStalePlan(line, session, planFile, stale);
                    }
                    text.println("apply: " + planFile + " still holds for every host; applying it");
                } else if (plans.anyChanged() && !interruption.requested() && !confirmed(session,
                        "Apply these changes to "
                        + plans.hosts().stream().filter(h -> h.status() == HostOutcome.Status.CHANGED).count()
                        + " host(s)?")) {
                    text.println("apply: cancelled, nothing changed");
                    return ExitCode.OK;
                }
                Map<String, HostOutcome> plannedByHost = planned.stream()
                        .collect(Collectors.toMap(HostOutcome::host, Function.identity()));
                outcomes = new Fleet(forks, serial, interruption).run(fleet.hosts(),
                        FleetCommandSupport.releasingAfter(fleet, session, host -> applyAndGate(fleet, host,
                                plannedByHost.get(host.name()), run, gate, gates, interruption)));
            }
            report = new RunReport("apply", outcomes, gates);
            if (gate == null && report.anyChanged()) {
                text.println("apply: warning: --no-verify: the changed hosts were NOT verified; run verify");
            }
        } finally {
            FleetCommandSupport.close(fleet, session);
        }
        text.print(report.recapText());
        JsonOutput.write(line, session, () -> report.toJson(fleet.inventory().warnings()));
        if (session.interruption().requested()) {
            text.println("apply: interrupted (Ctrl-C): each host above says whether it is on its old or its new files");
            return ExitCode.INTERRUPTED;
        }
        return report.anyFailed() ? ExitCode.HOST_FAILED : ExitCode.OK;
    }

    /** The saved plan, read before anything else: --limit and --restart belong to the planning that made it. */
    private static SavedPlan readPlan(CommandLine line, Path planFile) throws Exception {
        for (String option : List.of("limit", "restart")) {
            if (line.hasOption(option)) {
                throw new ParseException("--" + option + " does not go with a saved plan, which applies the hosts and"
                        + " restarts it was made with; give it to 'plan --out' instead");
            }
        }
        return PlanFile.read(planFile);
    }

    /**
     * The hosts of the saved plan, from the inventory it was made from (checked unchanged, as is the tool's version,
     * before any host is contacted).
     */
    private static FleetCommandSupport.Fleet openForPlan(CommandLine line, Session session, Path planFile,
                                                         SavedPlan saved) throws Exception {
        FleetCommandSupport.Selection all = FleetCommandSupport.select(line, session);
        SavedPlans.checkMadeFrom(planFile, saved, all.inventory());
        FleetCommandSupport.Selection planned = new FleetCommandSupport.Selection(all.inventory(),
                HostLimit.select(all.inventory(), String.join(",", saved.hostNames())), all.credentials());
        return FleetCommandSupport.open(line, session, planned, true);
    }

    /**
     * A host is not as the plan found it, or renders differently now: the whole apply refuses before it touches any
     * host, as Terraform refuses a stale saved plan (half a reviewed change is a change nobody reviewed).
     */
    private static int refuseStalePlan(CommandLine line, Session session, Path planFile, List<String> stale) {
        stale.forEach(difference -> session.err().println("apply: " + difference));
        String verdict = "apply: the saved plan " + planFile + " is stale: nothing was changed on any host; make a"
                + " new plan with 'plan --out', review it and apply that";
        session.err().println(verdict);
        List<ProblemJson> problems = new java.util.ArrayList<>();
        stale.forEach(difference -> problems.add(ProblemJson.message(difference)));
        problems.add(ProblemJson.message(verdict));
        JsonOutput.writeFailure(line, session, "apply", ExitCode.BAD_INPUT, problems);
        return ExitCode.BAD_INPUT;
    }

    /**
     * Applies the host's plan, then (unless --no-verify) the gate. A host that could not be planned keeps its
     * planning failure, one with nothing to change its plan's verdict (its connection may be closed already).
     * Ctrl-C (Main): each step below runs to its end, so a host is left on its old or its new files; the steps that
     * change a host are recorded so a second Ctrl-C can name the hosts it cuts short.
     */
    private static HostOutcome applyAndGate(FleetCommandSupport.Fleet fleet, HostConfig host, HostOutcome plan,
                                            String run, ApplyGate gate, Map<String, GateResult> gates,
                                            Interruption interruption) {
        if (plan.status() != HostOutcome.Status.CHANGED) {
            return plan;
        }
        HostOutcome applied;
        interruption.enter(host.name(), "writing files and restarting");
        try {
            applied = fleet.deployment().apply(host, plan.plan().orElse(null), run);
        } finally {
            interruption.leave(host.name());
        }
        if (gate == null || !ApplyGate.applies(applied)) {
            return applied;
        }
        if (interruption.requested()) {
            return stoppedBeforeGate(applied);
        }
        interruption.enter(host.name(), "verifying, rolling back on failure");
        try {
            GateResult result = gate.check(host, applied, run);
            gates.put(host.name(), result);
            return result.outcome(applied);
        } finally {
            interruption.leave(host.name());
        }
    }

    /** Ctrl-C came while the host's files were applied: they stay, the services are up, the gate is not run. */
    private static HostOutcome stoppedBeforeGate(HostOutcome applied) {
        return new HostOutcome(applied.host(), applied.status(), applied.plan(), applied.written(),
                applied.restarted(), applied.restored(), Optional.of("interrupted (Ctrl-C) after its apply step: this"
                + " host is on the NEW files, services restarted and ready; NOT verified: run verify"),
                applied.millis());
    }

    /** The id of a run that changes hosts: names its backups on every host (UTC, to the second). */
    static String newRunId() {
        return RUN_ID.format(Instant.now());
    }

    /** Asks {@code question} on the terminal; only y or yes goes on. */
    static boolean confirmed(Session session, String question) throws java.io.IOException {
        session.out().print(question + " [y/N] ");
        session.out().flush();
        String answer = new BufferedReader(new InputStreamReader(session.in(), StandardCharsets.UTF_8)).readLine();
        return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }
}
