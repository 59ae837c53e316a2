package dev.jitsideploy.cli;

import dev.jitsideploy.deploy.Deployment;
import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.HostLimit;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.Inventory;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.remote.HostKeyPolicy;
import dev.jitsideploy.remote.SshTarget;
import dev.jitsideploy.render.HostRenderer;
import dev.jitsideploy.secrets.SecretResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** What plan, apply and rollback share: inventory and --limit, the deployment, host key policy, JSON output. */
final class FleetCommandSupport {

    static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    static final Duration RESTART_TIMEOUT = Duration.ofSeconds(60);

    private FleetCommandSupport() {
    }

    /** The options every fleet command takes; each command adds its own. */
    static Options fleetOptions() {
        return new Options().addOption(CommonOptions.inventory()).addOption(CommonOptions.limit())
                .addOption(CommonOptions.forks()).addOption(CommonOptions.json()).addOption(acceptNewHostKeys())
                .addOption(CommonOptions.noColor()).addOption(CommonOptions.verbose()).addOption(CommonOptions.help());
    }

    private static Option acceptNewHostKeys() {
        return Option.builder().longOpt("accept-new-host-keys")
                .desc("trust and record the key of a host that known_hosts does not list yet (never a changed key)")
                .get();
    }

    record Fleet(Inventory inventory, List<HostConfig> hosts, Deployment deployment) {
    }

    /** The inventory (its warnings printed) and the hosts --limit selects. */
    record Selection(Inventory inventory, List<HostConfig> hosts) {
    }

    static Fleet open(CommandLine line, Session session) throws Exception {
        return open(line, session, select(line, session), new SecretResolver(session.environment()));
    }

    static Selection select(CommandLine line, Session session) throws Exception {
        Inventory inventory = new InventoryLoader().load(session.resolve(line.getOptionValue("inventory")));
        for (InputProblem warning : inventory.warnings()) {
            session.err().println(warning);
        }
        return new Selection(inventory, HostLimit.select(inventory, line.getOptionValue("limit")));
    }

    /** The selection with a deployment whose files are rendered with {@code secrets} (a rotation's new secret). */
    static Fleet open(CommandLine line, Session session, Selection selection, SecretResolver secrets)
            throws Exception {
        Inventory inventory = selection.inventory();
        Path templates = inventory.templates() != null ? inventory.templates() : BuiltInTemplates.directory();
        HostKeyPolicy policy = line.hasOption("accept-new-host-keys") ? HostKeyPolicy.ACCEPT_NEW
                : HostKeyPolicy.STRICT;
        Map<String, SshTarget> targets = SshSetup.targets(session, secrets).resolve(selection.hosts());
        Deployment deployment = new Deployment(new HostRenderer(templates), secrets, policy, STEP_TIMEOUT,
                RESTART_TIMEOUT, targets, StepTimingLog.of(line, session));
        return new Fleet(inventory, selection.hosts(), deployment);
    }

    /** Closes the connections; a host whose goodbye failed is mentioned, the run's verdict stands. */
    static void close(Fleet fleet, Session session) {
        for (String problem : fleet.deployment().closeAll()) {
            session.err().println("note: " + problem);
        }
        fleet.deployment().timings().record("-", "connections closed", 0);
    }

    /** Writes a report's JSON where --json says (a file, or stdout for '-'); nothing without the option. */
    static void writeJson(CommandLine line, Session session, String json) throws IOException {
        String target = line.getOptionValue("json");
        if (target == null) {
            return;
        }
        if (target.equals("-")) {
            session.out().print(json);
        } else {
            Files.writeString(session.resolve(target), json, StandardCharsets.UTF_8);
        }
    }

    /** With --json - the JSON owns stdout; the text then goes to stderr so stdout stays parseable. */
    static java.io.PrintStream textStream(CommandLine line, Session session) {
        return "-".equals(line.getOptionValue("json")) ? session.err() : session.out();
    }
}
