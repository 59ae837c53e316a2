package dev.jitsideploy.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * Prints each host's block of lines as soon as it and every host before it in the inventory are done, so hosts
 * checked in parallel still read in inventory order, each block whole, and a slow first host holds back only the
 * printing, not the work. Safe to call from the fleet's worker threads.
 */
final class InventoryOrderPrinter {

    private final PrintStream out;
    private final List<String> hosts;
    private final String[] blocks;
    private int next;

    /** @param hosts the host names in inventory order */
    InventoryOrderPrinter(PrintStream out, List<String> hosts) {
        this.out = out;
        this.hosts = List.copyOf(hosts);
        this.blocks = new String[hosts.size()];
    }

    /** Hands in a host's block; prints it and any later blocks it was holding back, in order. */
    synchronized void done(String host, String block) {
        int index = hosts.indexOf(host);
        if (index < 0 || blocks[index] != null) {
            throw new IllegalArgumentException("not a host of this run, or handed in twice: " + host);
        }
        blocks[index] = block;
        while (next < blocks.length && blocks[next] != null) {
            out.print(blocks[next]);
            next++;
        }
        out.flush();
    }
}
