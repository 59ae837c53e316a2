package dev.jitsideploy.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.ParseException;

/** Options shared by several verbs, defined once so every verb spells and explains them the same way. */
final class CommonOptions {

    static final int DEFAULT_FORKS = 10;
    static final int DEFAULT_KEPT_BACKUPS = 5;

    private CommonOptions() {
    }

    static Option inventory() {
        return Option.builder("i").longOpt("inventory").hasArg().argName("FILE").required()
                .desc("inventory YAML file describing the fleet").get();
    }

    static Option limit() {
        return Option.builder().longOpt("limit").hasArg().argName("HOSTS")
                .desc("only these hosts or groups (comma-separated)").get();
    }

    static Option forks() {
        return Option.builder().longOpt("forks").hasArg().argName("N")
                .desc("hosts handled in parallel (default " + DEFAULT_FORKS + ")").get();
    }

    /** For the commands that change hosts (apply, rotate, rollback), which prune old backups when they succeed. */
    static Option keepBackups() {
        return Option.builder().longOpt("keep-backups").hasArg().argName("N")
                .desc("run backups each host keeps; older ones (which hold old secrets) are deleted after a"
                        + " successful run (default " + DEFAULT_KEPT_BACKUPS + ")").get();
    }

    static Option json() {
        return Option.builder().longOpt("json").hasArg().argName("FILE")
                .desc("also write the result as JSON to FILE ('-' for stdout)").get();
    }

    static Option verbose() {
        return Option.builder("v").longOpt("verbose")
                .desc("print per-host step timings to stderr (each SSH round trip, restarts, the gate)").get();
    }

    static Option help() {
        return Option.builder("h").longOpt("help").desc("show this help").get();
    }

    /** Reads a positive whole number option, or the default when it is absent. */
    static int positiveInt(CommandLine line, String longOpt, int defaultValue) throws ParseException {
        String value = line.getOptionValue(longOpt);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new ParseException("--" + longOpt + " takes a whole number of at least 1, got '" + value + "'");
    }
}
