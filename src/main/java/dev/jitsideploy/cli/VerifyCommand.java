package dev.jitsideploy.cli;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.render.FleetRenderer;
import dev.jitsideploy.render.RenderedFile;
import dev.jitsideploy.render.RenderedHost;
import dev.jitsideploy.report.VerifyReport;
import dev.jitsideploy.verify.ApplyGate;
import dev.jitsideploy.verify.HostDiagnosis;
import dev.jitsideploy.verify.HostVerifier;
import dev.jitsideploy.verify.ProbeTarget;
import dev.jitsideploy.verify.ProbeTransport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code verify}: proves on each host that token auth is enforced, over the path a browser uses. */
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
                .addOption(CommonOptions.json()).addOption(Option.builder().longOpt("transport").hasArg().argName("bosh|websocket|both")
                        .desc("which browser path to probe (default both)").get())
                .addOption(CommonOptions.help());
    }

    @Override
    public int run(CommandLine line, Session session) throws Exception {
        List<ProbeTransport> transports = transports(line.getOptionValue("transport", "both"));
        // The deployment only lends its SSH connections: a failure shows the end of the host's Prosody log.
        FleetCommandSupport.Fleet fleet = FleetCommandSupport.openWithoutSudoCheck(line, session);
        var text = FleetCommandSupport.textStream(line, session);
        List<VerifyReport.Host> verified = new ArrayList<>();
        try {
            List<HostConfig> hosts = fleet.hosts();
            List<ProbeTarget> targets = new ArrayList<>();
            for (HostConfig host : hosts) {
                targets.add(ProbeTarget.forHost(host, fleet.credentials().of(host)));
            }
            // What apply would deploy: the served config.js must be exactly this.
            List<RenderedHost> rendered = new FleetRenderer(fleet.credentials()).render(fleet.inventory(), hosts)
                    .hosts();
            // A verify run does not follow a restart: a focus that is still unavailable after a few seconds is
            // missing, not starting.
            HostVerifier verifier = new HostVerifier(Clock.systemUTC(), VERIFY_FOCUS_GRACE);
            for (int i = 0; i < targets.size(); i++) {
                ProbeTarget target = targets.get(i);
                HostConfig host = hosts.get(i);
                byte[] configJs = rendered.get(i).files().stream()
                        .filter(file -> file.remotePath().equals(host.paths().configJs()))
                        .findFirst().map(RenderedFile::bytes)
                        .orElseThrow(() -> new IllegalStateException("no config.js rendered for " + host.name()));
                HostDiagnosis.Diagnosed result = HostDiagnosis.diagnose(verifier.verify(target, transports,
                        configJs), fleet.deployment(), host, ApplyGate.LOG_LINES);
                VerifyReport.Host entry = new VerifyReport.Host(result.verification(), target.allowEmptyToken(),
                        result.log());
                verified.add(entry);
                // Each host as soon as it is done: a fleet takes a while.
                text.print(entry.text());
                text.flush();
            }
        } finally {
            FleetCommandSupport.close(fleet, session);
        }
        VerifyReport report = new VerifyReport(verified);
        JsonOutput.write(line, session, report.toJson(fleet.inventory().warnings()));
        return report.passed() ? ExitCode.OK : ExitCode.HOST_FAILED;
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
