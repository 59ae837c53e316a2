package dev.jitsideploy.cli;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.HostLimit;
import dev.jitsideploy.inventory.Inventory;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.render.FleetRenderer;
import dev.jitsideploy.render.RenderedFile;
import dev.jitsideploy.render.RenderedHost;
import dev.jitsideploy.secrets.SecretResolver;
import dev.jitsideploy.verify.CaseResult;
import dev.jitsideploy.verify.HostVerification;
import dev.jitsideploy.verify.HostVerifier;
import dev.jitsideploy.verify.ProbeTarget;
import dev.jitsideploy.verify.ProbeTransport;
import dev.jitsideploy.verify.xmpp.TlsTrust;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code verify}: proves on each host that token auth is enforced, over the path a browser uses. */
final class VerifyCommand implements Command {

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
                .addOption(Option.builder().longOpt("transport").hasArg().argName("bosh|websocket|both")
                        .desc("which browser path to probe (default both)").get())
                .addOption(CommonOptions.help());
    }

    @Override
    public int run(CommandLine line, Session session) throws Exception {
        List<ProbeTransport> transports = transports(line.getOptionValue("transport", "both"));
        Inventory inventory = new InventoryLoader().load(session.resolve(line.getOptionValue("inventory")));
        List<HostConfig> hosts = HostLimit.select(inventory, line.getOptionValue("limit"));
        SecretResolver secrets = new SecretResolver(session.environment());
        List<ProbeTarget> targets = new ArrayList<>();
        for (HostConfig host : hosts) {
            TlsTrust trust = host.tls().caFile() == null ? TlsTrust.systemDefault()
                    : TlsTrust.caFile(host.tls().caFile());
            targets.add(ProbeTarget.of(host, secrets.resolve(host.auth().appSecret()), trust,
                    ProbeTarget.DEFAULT_STEP_TIMEOUT));
        }
        // What apply would deploy: the served config.js must be exactly this.
        List<RenderedHost> rendered = new FleetRenderer(secrets, BuiltInTemplates.directory())
                .render(inventory, hosts, true).hosts();
        int failed = 0;
        HostVerifier verifier = new HostVerifier(Clock.systemUTC());
        for (int i = 0; i < targets.size(); i++) {
            ProbeTarget target = targets.get(i);
            HostConfig host = hosts.get(i);
            byte[] configJs = rendered.get(i).files().stream()
                    .filter(file -> file.remotePath().equals(host.paths().configJs()))
                    .findFirst().map(RenderedFile::bytes)
                    .orElseThrow(() -> new IllegalStateException("no config.js rendered for " + host.name()));
            HostVerification result = verifier.verify(target, transports, configJs);
            for (CaseResult probe : result.cases()) {
                session.out().println(target.host() + ": " + probe);
            }
            for (String problem : result.problems()) {
                session.out().println(target.host() + ": FAIL " + problem);
            }
            if (target.allowEmptyToken()) {
                session.out().println(target.host() + ": warning: allow_empty_token is true, so anyone without a "
                        + "token gets in: enforcement is OFF by the inventory's choice");
            }
            session.out().println(target.host() + ": " + (result.passed() ? "ok" : "FAILED") + " ("
                    + result.passedCases() + "/" + result.cases().size() + " cases passed)");
            if (!result.passed()) {
                failed++;
            }
        }
        return failed == 0 ? ExitCode.OK : ExitCode.HOST_FAILED;
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
