package dev.jitsideploy.cli;

import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** One verb of the tool (validate, render, plan, ...). Implementations hold no state between runs. */
interface Command {

    String name();

    /** One line for the top-level help. */
    String summary();

    /**
     * The options this verb accepts, shared ones included (see {@link CommonOptions}). A verb with sub-verbs returns
     * the options of all of them (for completion of the verb alone); each run is parsed with its sub-verb's own set.
     */
    Options options();

    /** The actions of a verb such as {@code keys}; the first argument names one. Empty for most verbs. */
    default List<SubVerb> subVerbs() {
        return List.of();
    }

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
