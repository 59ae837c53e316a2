package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitsideploy.lab.LabExtension;
import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify --forks} on a fleet of 20 inventory hosts: the lab's 5 hosts, each serving its own Jitsi domain and
 * three more (src/test/resources/lab/tenant-domains.sh: own vhost, focus user, jicofo, config.js and nginx port per
 * domain), so every inventory host is a verification of its own. Hosts are verified at the same time (their
 * started/finished spans in the JSON overlap, never more at once than --forks), and the text and JSON still list them
 * in inventory order, each host's lines in one block.
 */
class VerifyForksIT {

    private static final int LAB_HOSTS = 5;
    private static final List<Integer> TENANTS = List.of(2, 3, 4);

    @RegisterExtension
    static final LabExtension LAB = LabExtension.beyondTheUsualSize(LAB_HOSTS);

    @TempDir
    static Path work;

    private static Path inventory;
    private static final List<String> INVENTORY_ORDER = new ArrayList<>();

    @BeforeAll
    static void twentyDomainsAppliedWithoutTheGate() throws Exception {
        RunningLab lab = LAB.lab();
        byte[] script;
        try (InputStream in = VerifyForksIT.class.getResourceAsStream("/lab/tenant-domains.sh")) {
            script = in.readAllBytes();
        }
        StringBuilder groups = new StringBuilder("groups:\n");
        groups.append("  domain1:\n    hosts:\n");
        for (int k = 1; k <= LAB_HOSTS; k++) {
            LabHost host = lab.host(k);
            groups.append("      ").append(host.name()).append(":\n        ssh: {address: ").append(host.address())
                    .append("}\n        domain: ").append(host.domain()).append("\n        public_url: ")
                    .append(host.publicUrl()).append('\n');
            INVENTORY_ORDER.add(host.name());
        }
        for (int tenant : TENANTS) {
            groups.append("  domain").append(tenant).append(":\n    hosts:\n");
            for (int k = 1; k <= LAB_HOSTS; k++) {
                LabHost host = lab.host(k);
                String domain = tenant(tenant, host);
                groups.append("      ").append(host.name()).append("-t").append(tenant).append(":\n")
                        .append("        ssh: {address: ").append(host.address()).append("}\n")
                        .append("        domain: ").append(domain).append('\n')
                        .append("        public_url: https://").append(host.domain()).append(':').append(port(tenant))
                        .append("/\n")
                        .append("        paths: {jicofo_conf: /etc/jitsi/jicofo/").append(domain).append(".conf}\n")
                        .append("        services: {jicofo: jicofo-").append(domain).append("}\n");
                INVENTORY_ORDER.add(host.name() + "-t" + tenant);
            }
        }
        for (int k = 1; k <= LAB_HOSTS; k++) {
            LabHost host = lab.host(k);
            List<String> command = new ArrayList<>(List.of("sh -s -- add", host.domain()));
            TENANTS.forEach(tenant -> command.add(tenant(tenant, host) + ":" + port(tenant)));
            lab.exec(host, String.join(" ", command), script);
        }
        String labInventory = Files.readString(lab.inventory());
        inventory = LabInventoryCopy.withReplacements(lab, work, Map.of(
                labInventory.substring(labInventory.indexOf("groups:")), groups.toString()));
        // One domain per lab host at a time: each apply restarts the Prosody its host's domains share.
        for (int group = 1; group <= 1 + TENANTS.size(); group++) {
            CliRun apply = cli("apply", "-i", inventory.toString(), "--yes", "--no-verify", "--forks",
                    String.valueOf(LAB_HOSTS), "--limit", "domain" + group);
            assertThat(apply.exitCode()).as(apply.all()).isEqualTo(ExitCode.OK);
        }
        for (int k = 1; k <= LAB_HOSTS; k++) {
            awaitFocusSessions(lab, lab.host(k));
        }
    }

    @AfterAll
    static void tenantsRemoved() throws Exception {
        RunningLab lab = LAB.lab();
        byte[] script;
        try (InputStream in = VerifyForksIT.class.getResourceAsStream("/lab/tenant-domains.sh")) {
            script = in.readAllBytes();
        }
        for (int k = 1; k <= LAB_HOSTS; k++) {
            LabHost host = lab.host(k);
            List<String> command = new ArrayList<>(List.of("sh -s -- remove", host.domain()));
            TENANTS.forEach(tenant -> command.add(tenant(tenant, host)));
            lab.exec(host, String.join(" ", command), script);
        }
    }

    @Test
    void twentyHostsAreVerifiedAtOnceAndReportedInInventoryOrder() throws Exception {
        Path json = work.resolve("verify.json");
        CliRun verify = cli("verify", "-i", inventory.toString(), "--forks", "20", "--json", json.toString());

        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(ExitCode.OK);
        List<Span> spans = spans(json);
        assertThat(spans).extracting(Span::host).containsExactlyElementsOf(INVENTORY_ORDER);
        assertThat(hostsInPrintedOrder(verify.out())).containsExactlyElementsOf(INVENTORY_ORDER);
        assertThat(peakConcurrency(spans)).as("hosts verified at the same moment, from " + spans).isGreaterThan(1);
        Duration wall = Duration.between(spans.stream().map(Span::started).min(Instant::compareTo).orElseThrow(),
                spans.stream().map(Span::finished).max(Instant::compareTo).orElseThrow());
        Duration sum = spans.stream().map(span -> Duration.between(span.started(), span.finished()))
                .reduce(Duration.ZERO, Duration::plus);
        assertThat(sum).as("time spent on hosts vs the run's span " + wall).isGreaterThan(wall);
    }

    @Test
    void noMoreHostsAtOnceThanForks() throws Exception {
        Path json = work.resolve("verify-forks-4.json");
        CliRun verify = cli("verify", "-i", inventory.toString(), "--forks", "4", "--limit", "domain1,domain2",
                "--json", json.toString());

        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(ExitCode.OK);
        List<Span> spans = spans(json);
        assertThat(spans).extracting(Span::host).containsExactlyElementsOf(INVENTORY_ORDER.subList(0, 10));
        assertThat(peakConcurrency(spans)).as("from " + spans).isBetween(2, 4);
    }

    private record Span(String host, Instant started, Instant finished) {
    }

    private static List<Span> spans(Path json) throws Exception {
        JsonNode document = new ObjectMapper().readTree(json.toFile());
        List<Span> spans = new ArrayList<>();
        for (JsonNode host : document.get("hosts")) {
            spans.add(new Span(host.get("host").asText(), Instant.parse(host.get("started").asText()),
                    Instant.parse(host.get("finished").asText())));
        }
        return spans;
    }

    /** The most hosts whose spans cover one moment (a span's start counted before any end at the same instant). */
    private static int peakConcurrency(List<Span> spans) {
        int peak = 0;
        for (Span span : spans) {
            Instant moment = span.started();
            int running = (int) spans.stream()
                    .filter(other -> !other.started().isAfter(moment) && other.finished().isAfter(moment)).count();
            peak = Math.max(peak, running);
        }
        return peak;
    }

    /** The hosts in the order their blocks appear; a host whose lines are not in one block appears twice. */
    private static List<String> hostsInPrintedOrder(String text) {
        List<String> order = new ArrayList<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon < 0) {
                continue;
            }
            String host = line.substring(0, colon);
            if (INVENTORY_ORDER.contains(host) && (order.isEmpty() || !order.get(order.size() - 1).equals(host))) {
                order.add(host);
            }
        }
        return order;
    }

    /**
     * Waits until every jicofo of the host (its own and each extra domain's) is logged in and has sent its presence
     * since the last Prosody restart: focus.<domain> relays only then, and verify gives a missing focus 3 s.
     */
    private static void awaitFocusSessions(RunningLab lab, LabHost host) throws Exception {
        List<String> logs = new ArrayList<>(List.of("/var/log/jitsi/jicofo.log"));
        TENANTS.forEach(tenant -> logs.add("/var/log/jitsi/jicofo-" + tenant(tenant, host) + ".log"));
        Instant deadline = Instant.now().plusSeconds(60);
        for (String log : logs) {
            String last = "";
            while (Instant.now().isBefore(deadline)) {
                last = lab.exec(host, "grep -E 'sent initial presence|lost or refused|starting' " + log
                        + " | tail -n 1").strip();
                if (last.contains("sent initial presence")) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(last).as(host.name() + " " + log).contains("sent initial presence");
        }
    }

    private static String tenant(int tenant, LabHost host) {
        return "t" + tenant + "." + host.domain();
    }

    private static int port(int tenant) {
        return 4400 + tenant;
    }

    private static CliRun cli(String... args) {
        return CliRun.run(Path.of("").toAbsolutePath(), System.getenv(), args);
    }
}
