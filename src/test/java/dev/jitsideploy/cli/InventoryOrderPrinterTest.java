package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Blocks handed in out of order come out in inventory order, each whole, as soon as their turn has come. */
class InventoryOrderPrinterTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void holdsBackLaterHostsUntilTheEarlierOnesAreDone() {
        InventoryOrderPrinter printer = new InventoryOrderPrinter(out, List.of("a", "b", "c"));

        printer.done("c", "c1\nc2\n");
        assertThat(printed()).isEmpty();
        printer.done("a", "a1\n");
        assertThat(printed()).isEqualTo("a1\n");
        printer.done("b", "b1\n");

        assertThat(printed()).isEqualTo("a1\nb1\nc1\nc2\n");
    }

    @Test
    void refusesAHostHandedInTwiceOrUnknown() {
        InventoryOrderPrinter printer = new InventoryOrderPrinter(out, List.of("a"));
        printer.done("a", "a\n");

        assertThatThrownBy(() -> printer.done("a", "again\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> printer.done("z", "z\n")).isInstanceOf(IllegalArgumentException.class);
        assertThat(printed()).isEqualTo("a\n");
    }

    @Test
    void manyThreadsStillGiveWholeBlocksInOrder() throws InterruptedException {
        List<String> hosts = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "h" + i).toList();
        InventoryOrderPrinter printer = new InventoryOrderPrinter(out, hosts);
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = hosts.size() - 1; i >= 0; i--) {
            String host = hosts.get(i);
            Thread thread = new Thread(() -> printer.done(host, host + ": 1\n" + host + ": 2\n"));
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }

        StringBuilder expected = new StringBuilder();
        hosts.forEach(host -> expected.append(host).append(": 1\n").append(host).append(": 2\n"));
        assertThat(printed()).isEqualTo(expected.toString());
    }
}
