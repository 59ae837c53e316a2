package dev.jitsideploy.cli;

import org.apache.commons.cli.Options;

/**
 * One action of a verb that has several ({@code keys new}, {@code lab up}) with the options it alone takes: an option
 * of a sibling is refused (exit 2) instead of being silently ignored.
 */
record SubVerb(String name, String summary, Options options) {

    /** The options of all of them: the verb's own option set, for its help and for completion of the verb alone. */
    static Options allOptions(java.util.List<SubVerb> subVerbs) {
        Options all = new Options();
        subVerbs.forEach(sub -> sub.options().getOptions().forEach(all::addOption));
        return all;
    }
}
