package dev.jitsideploy.cli;

import dev.jitsideploy.deploy.Fleet;
import dev.jitsideploy.deploy.HostOutcome;
import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.render.FleetRenderer;
import dev.jitsideploy.render.RenderedFile;
import dev.jitsideploy.render.RenderedHost;
import dev.jitsideploy.report.VerifyReport;
import dev.jitsideploy.rollout.ApplyGate;
import dev.jitsideploy.rollout.SshHostFacts;
import dev.jitsideploy.verify.HostDiagnosis;
import dev.jitsideploy.verify.HostVerification;
import dev.jitsideploy.verify.HostVerifier;
import dev.jitsideploy.verify.ProbeTarget;
import dev.jitsideploy.verify.ProbeTransport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code verify}: proves on each host that token auth is enforced, over the path a browser uses. Hosts are verified
 * in parallel, up to {@code --forks} at a time (the same fleet runner as plan and apply); each host's lines are
 * printed as one block, in inventory order.
 */
final class VerifyCommand implements Command {

    private static final Duration VERIFY_FOCUS_GRACE = Duration.ofSeconds(3);

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String summary() {
        return "prove on each host that tokens are enforced (probe over BOSH and WebSocket)";
    }

    @Override
    public Options options() {
        return new Options().addOption(CommonOptions.inventory()).addOption(CommonOptions.limit())
                .addOption(CommonOptions.forks()).addOption(CommonOptions.json())
                .addOption(Option.builder().longOpt("transport").hasArg().argName("bosh|websocket|both")
                        .desc("which browser path to probe (default both)").get())
                .addOption(CommonOptions.help());
    }

    @Override
    public int run(CommandLine line, Session session) throws Exception {
        List<ProbeTransport> transports = transports(line.getOptionValue("transport", "both"));
        int forks = CommonOptions.positiveInt(line, "forks", CommonOptions.DEFAULT_FORKS);
        // The deployment only lends its SSH connections: a failure shows the end of the host's Prosody log.
        FleetCommandSupport.Fleet fleet = FleetCommandSupport.openWithoutSudoCheck(line, session);
        InventoryOrderPrinter printer = new InventoryOrderPrinter(FleetCommandSupport.textStream(line, session),
                fleet.hosts().stream().map(HostConfig::name).toList());
        Map<String, VerifyReport.Host> verified = new ConcurrentHashMap<>();
        try {
            List<HostConfig> hosts = fleet.hosts();
            // Every host's target and rendered config.js first: an input problem stops the run before any probe.
            Map<String, ProbeTarget> targets = new HashMap<>();
            for (HostConfig host : hosts) {
                targets.put(host.name(), ProbeTarget.forHost(host, fleet.credentials().of(host)));
            }
            // What apply would deploy: the served config.js must be exactly this.
            List<RenderedHost> rendered = new FleetRenderer(fleet.credentials()).render(fleet.inventory(), hosts)
                    .hosts();
            Map<String, byte[]> configJs = new HashMap<>();
            for (int i = 0; i < hosts.size(); i++) {
                HostConfig host = hosts.get(i);
                configJs.put(host.name(), rendered.get(i).files().stream()
                        .filter(file -> file.remotePath().equals(host.paths().configJs()))
                        .findFirst().map(RenderedFile::bytes)
                        .orElseThrow(() -> new IllegalStateException("no config.js rendered for " + host.name())));
            }
            // A verify run does not follow a restart: a focus that is still unavailable after a few seconds is
            // missing, not starting.
            HostVerifier verifier = new HostVerifier(Clock.systemUTC(), VERIFY_FOCUS_GRACE);
            List<HostOutcome> outcomes = new Fleet(forks, 0).run(hosts, host -> {
                Instant started = Instant.now();
                ProbeTarget target = targets.get(host.name());
                HostDiagnosis.Diagnosed result = HostDiagnosis.diagnose(verifier.verify(target, transports,
                        configJs.get(host.name())), new SshHostFacts(fleet.deployment(), host), ApplyGate.LOG_LINES);
                VerifyReport.Host entry = new VerifyReport.Host(result.verification(), target.allowEmptyToken(),
                        result.log(), started, Instant.now());
                verified.put(host.name(), entry);
                printer.done(host.name(), entry.text());
                return verdict(entry);
            });
            // A job that broke (a bug) still gives its host a verdict, so no host is missing from the report.
            for (HostOutcome outcome : outcomes) {
                if (!verified.containsKey(outcome.host())) {
                    Instant now = Instant.now();
                    VerifyReport.Host entry = new VerifyReport.Host(HostVerification.notStarted(outcome.host(),
                            outcome.error().orElse("not verified")), false, List.of(), now, now);
                    verified.put(outcome.host(), entry);
                    printer.done(outcome.host(), entry.text());
                }
            }
        } finally {
            FleetCommandSupport.close(fleet, session);
        }
        List<VerifyReport.Host> inOrder = new ArrayList<>();
        fleet.hosts().forEach(host -> Optional.ofNullable(verified.get(host.name())).ifPresent(inOrder::add));
        VerifyReport report = new VerifyReport(inOrder);
        JsonOutput.write(line, session, () -> report.toJson(fleet.inventory().warnings()));
        return report.passed() ? ExitCode.OK : ExitCode.HOST_FAILED;
    }

    /** The fleet runner's view of a verified host: only whether it passed and how long it took. */
    private static HostOutcome verdict(VerifyReport.Host entry) {
        boolean passed = entry.verification().passed();
        return new HostOutcome(entry.name(), passed ? HostOutcome.Status.OK : HostOutcome.Status.FAILED,
                Optional.empty(), List.of(), List.of(), false,
                passed ? Optional.empty() : Optional.of("verification failed"),
                Duration.between(entry.started(), entry.finished()).toMillis());
    }

    private static List<ProbeTransport> transports(String value) throws ParseException {
        return switch (value) {
            case "bosh" -> List.of(ProbeTransport.BOSH);
            case "websocket" -> List.of(ProbeTransport.WEBSOCKET);
            case "both" -> List.of(ProbeTransport.BOSH, ProbeTransport.WEBSOCKET);
            default -> throw new ParseException("--transport takes bosh, websocket or both, got '" + value + "'");
        };
    }
}
