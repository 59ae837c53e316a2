package dev.jitsideploy.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** One verb of the tool (validate, render, plan, ...). Implementations hold no state between runs. */
interface Command {

    String name();

    /** One line for the top-level help. */
    String summary();

    /** The options this verb accepts, shared ones included (see {@link CommonOptions}). */
    Options options();

    /** How many positional arguments it takes (a sub-verb such as {@code keys new}); most take none. */
    default int maxArguments() {
        return 0;
    }

    /** What follows the verb in the usage line besides its options (the options are listed by the help). */
    default String usage() {
        return "";
    }

    /** Runs the verb and returns an {@link ExitCode}. Bad input is thrown as an InvalidInputException. */
    int run(CommandLine line, Session session) throws Exception;
}
