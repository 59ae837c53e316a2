package dev.jitsideploy.cli;

import dev.jitsideploy.lab.LabScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code lab up [--hosts N] [--init systemd|sysv] [--sudo-password] [--bastion] | down | status | reset}: the local
 * fleet of Jitsi-like hosts (docs/lab.md).
 */
final class LabCommand implements Command {

    private static final int MAX_HOSTS = 10;

    @Override
    public String name() {
        return "lab";
    }

    @Override
    public String summary() {
        return "local lab of Jitsi-like hosts: lab up [--hosts N] [--init systemd|sysv] [--sudo-password] [--bastion]"
                + " | down | status | reset (needs root)";
    }

    @Override
    public Options options() {
        return SubVerb.allOptions(subVerbs());
    }

    /** Each action with the options it alone takes; add an action's new option here. */
    @Override
    public List<SubVerb> subVerbs() {
        return List.of(
                new SubVerb("up", "bring up (or reuse) the lab's hosts and write inventories/lab.yml",
                        new Options().addOption(Option.builder().longOpt("hosts").hasArg().argName("N")
                                        .desc("number of hosts lab1..labN, 1.." + MAX_HOSTS + " (default 3)").get())
                                .addOption(Option.builder().longOpt("init").hasArg().argName("systemd|sysv")
                                        .desc("each host's service manager: its own systemd as PID 1 with sudo user"
                                                + " deploy (default), or SysV init scripts with root login").get())
                                .addOption(Option.builder().longOpt("sudo-password")
                                        .desc("(systemd hosts) sudo on the last host wants a password, stored in"
                                                + " inventories/lab/sudo_password (0600)").get())
                                .addOption(Option.builder().longOpt("bastion")
                                        .desc("also a bastion host (jump@127.0.0.20) through which alone the hosts'"
                                                + " internal names labK.internal resolve (docs/lab.md)").get())
                                .addOption(CommonOptions.help())),
                new SubVerb("down", "stop every lab host and remove its files",
                        new Options().addOption(CommonOptions.help())),
                new SubVerb("status", "list the running lab hosts (exit 3 when none runs)",
                        new Options().addOption(CommonOptions.help())),
                new SubVerb("reset", "put every running host back to a fresh quick-install state",
                        new Options().addOption(CommonOptions.help())));
    }

    @Override
    public String usage() {
        return "up|down|status|reset";
    }

    @Override
    public int run(CommandLine line, Session session) throws Exception {
        LabScript.Action action = LabScript.Action.valueOf(line.getArgList().get(0).toUpperCase(Locale.ROOT));
        Integer hosts = line.hasOption("hosts") ? parseHosts(line.getOptionValue("hosts")) : null;
        List<String> upOptions = new ArrayList<>();
        if (line.hasOption("init")) {
            String init = line.getOptionValue("init");
            if (!init.equals("systemd") && !init.equals("sysv")) {
                throw new ParseException("--init must be systemd or sysv, not '" + init + "'");
            }
            upOptions.addAll(List.of("--init", init));
        }
        if (line.hasOption("sudo-password")) {
            if (upOptions.contains("sysv")) {
                throw new ParseException("--sudo-password needs systemd hosts; drop --init sysv");
            }
            upOptions.add("--sudo-password");
        }
        if (line.hasOption("bastion")) {
            upOptions.add("--bastion");
        }
        int status = LabScript.ofThisCheckout().run(action, hosts, upOptions, session.out()::println);
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
