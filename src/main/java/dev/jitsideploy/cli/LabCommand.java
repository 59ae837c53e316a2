package dev.jitsideploy.cli;

import dev.jitsideploy.lab.LabScript;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code lab up [--hosts N] [--bastion] | down | status | reset}: the local fleet of Jitsi-like hosts (docs/lab.md). */
final class LabCommand implements Command {

    private static final int MAX_HOSTS = 10;

    @Override
    public String name() {
        return "lab";
    }

    @Override
    public String summary() {
        return "local lab of Jitsi-like hosts: lab up [--hosts N] [--bastion] | down | status | reset (needs root)";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("hosts").hasArg().argName("N")
                        .desc("with 'up': number of hosts lab1..labN, 1.." + MAX_HOSTS + " (default 3)").get())
                .addOption(Option.builder().longOpt("bastion")
                        .desc("with 'up': also a bastion host (jump@127.0.0.20) through which alone the hosts'"
                                + " internal names labK.internal resolve (docs/lab.md)").get())
                .addOption(CommonOptions.help());
    }

    @Override
    public int maxArguments() {
        return 1;
    }

    @Override
    public String usage() {
        return "up|down|status|reset";
    }

    @Override
    public int run(CommandLine line, Session session) throws Exception {
        if (line.getArgList().isEmpty()) {
            throw new ParseException("missing action: up, down, status or reset");
        }
        LabScript.Action action;
        try {
            action = LabScript.Action.valueOf(line.getArgList().get(0).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParseException("unknown action '" + line.getArgList().get(0)
                    + "'; use up, down, status or reset");
        }
        Integer hosts = null;
        if (line.hasOption("hosts")) {
            if (action != LabScript.Action.UP) {
                throw new ParseException("--hosts only goes with 'lab up'");
            }
            hosts = parseHosts(line.getOptionValue("hosts"));
        }
        if (line.hasOption("bastion") && action != LabScript.Action.UP) {
            throw new ParseException("--bastion only goes with 'lab up'");
        }
        int status = LabScript.ofThisCheckout().run(action, hosts, line.hasOption("bastion"), session.out()::println);
        if (status == 0) {
            return ExitCode.OK;
        }
        return status == 2 ? ExitCode.BAD_INPUT : ExitCode.HOST_FAILED;
    }

    private static int parseHosts(String value) throws ParseException {
        int hosts = value.matches("[0-9]{1,2}") ? Integer.parseInt(value) : 0;
        if (hosts < 1 || hosts > MAX_HOSTS) {
            throw new ParseException("--hosts must be a number from 1 to " + MAX_HOSTS + ", not '" + value + "'");
        }
        return hosts;
    }
}
