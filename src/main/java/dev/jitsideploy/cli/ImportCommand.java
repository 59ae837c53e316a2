package dev.jitsideploy.cli;

import dev.jitsideploy.deploy.HostOutcome;
import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.HostLimit;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.plan.FileChange;
import dev.jitsideploy.plan.HostPlan;
import dev.jitsideploy.plan.ImportedSettings;
import dev.jitsideploy.plan.RenderDrops;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code import --host H}: the inventory settings that keep what host H's current vhost and config.js have beyond
 * what the inventory renders, as YAML to paste into the host's entry. Reads the host as plan does; changes nothing.
 */
final class ImportCommand implements Command {

    @Override
    public String name() {
        return "import";
    }

    @Override
    public String summary() {
        return "print the inventory settings that keep a host's current extra settings (reads the host over SSH)";
    }

    @Override
    public Options options() {
        return new Options().addOption(CommonOptions.inventory()).addOption(Option.builder().longOpt("host")
                        .hasArg().argName("HOST").required().desc("the inventory host to read (one host name)").get())
                .addOption(Option.builder().longOpt("accept-new-host-keys")
                        .desc("trust and record the key of a host that known_hosts does not list yet (never a"
                                + " changed key)").get())
                .addOption(Option.builder("K").longOpt("ask-become-pass")
                        .desc("ask once, on the console and without echo, for the host's sudo password").get())
                .addOption(CommonOptions.verbose()).addOption(CommonOptions.help());
    }

    @Override
    public int run(CommandLine line, Session session) throws Exception {
        FleetCommandSupport.Selection all = FleetCommandSupport.select(line, session);
        String name = line.getOptionValue("host");
        if (all.inventory().hosts().stream().noneMatch(host -> host.name().equals(name))) {
            // A group name would select several hosts; import reads one.
            HostLimit.select(all.inventory(), name);
            throw new InvalidInputException(List.of(InputProblem.inFile(all.inventory().file(), "--host names '"
                    + name + "', which is a group; name one host of it")));
        }
        HostConfig host = HostLimit.select(all.inventory(), name).get(0);
        FleetCommandSupport.Fleet fleet = FleetCommandSupport.open(line, session,
                new FleetCommandSupport.Selection(all.inventory(), List.of(host), all.credentials()), false);
        RenderDrops drops;
        try {
            HostOutcome outcome = fleet.deployment().plan(host);
            if (outcome.plan().isEmpty() || !outcome.plan().get().preflightPassed()) {
                session.err().println(JitsiDeploy.PROGRAM + " import: " + host.name() + ": "
                        + outcome.error().orElse("preflight failed") + "; nothing imported");
                return ExitCode.HOST_FAILED;
            }
            HostPlan plan = outcome.plan().get();
            drops = RenderDrops.of(host,
                    fleet.deployment().currentBytes(host, host.paths().prosodyVhost()).orElse(null),
                    rendered(plan, host.paths().prosodyVhost()),
                    fleet.deployment().currentBytes(host, host.paths().configJs()).orElse(null),
                    rendered(plan, host.paths().configJs()));
        } finally {
            FleetCommandSupport.close(fleet, session);
        }
        ImportedSettings imported = ImportedSettings.of(host, drops.all());
        session.out().print(yaml(host, imported, drops));
        return ExitCode.OK;
    }

    private static byte[] rendered(HostPlan plan, String path) {
        return plan.changes().stream().map(FileChange::file).filter(file -> file.remotePath().equals(path))
                .findFirst().orElseThrow().bytes();
    }

    /** The settings as block YAML with comments: where to put them and what no key keeps. */
    static String yaml(HostConfig host, ImportedSettings imported, RenderDrops drops) {
        StringBuilder out = new StringBuilder();
        out.append("# jitsi-deploy import --host ").append(host.name())
                .append(": settings that keep the host's current extras.\n")
                .append("# Put them into the entry of host ").append(host.name())
                .append(" in the inventory (lists replace, mappings extend what is there).\n");
        if (imported.settings().isEmpty()) {
            out.append("# The inventory already keeps everything an inventory key can keep.\n");
        } else {
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            options.setIndent(2);
            options.setWidth(120);
            out.append(new Yaml(options).dump(plain(imported.settings())));
        }
        if (!imported.notKept().isEmpty()) {
            out.append("# Not kept by any inventory key:\n");
            imported.notKept().forEach(what -> out.append("#   ").append(what.replace('\n', ' ')).append('\n'));
        }
        drops.vhostProblem().ifPresent(problem -> out.append("# The host's vhost could not be read here (")
                .append(problem).append("): its settings are not imported.\n"));
        return out.toString();
    }

    /** Sets as lists (YAML would tag a set), maps and lists copied through. */
    private static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, plain(v)));
            return copy;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>();
            collection.forEach(item -> copy.add(plain(item)));
            return copy;
        }
        return value;
    }
}
