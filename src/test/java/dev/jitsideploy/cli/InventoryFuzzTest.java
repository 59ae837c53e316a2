package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.jitsideploy.inventory.InventoryWorld;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of mutated inventories, from a fixed seed, through the CLI entry the operator uses ({@code validate}
 * and {@code render}, in-process). Every run must end with exit 0 or 2, every error line must carry a location,
 * nothing may look like a Java exception or hold a raw control character, and each input must stay within a time
 * and memory bound. Failures are grouped by kind, each with the first input that showed it.
 */
class InventoryFuzzTest {

    private static final long SEED = 20261130L;
    private static final int INPUTS = 2500;
    /** Wall time one input may take before it counts as a hang (generous: the machine is shared). */
    private static final long HANG_SECONDS = 10;
    /** Bytes one input may allocate; a normal run allocates a few MB. */
    private static final long MAX_ALLOCATED_BYTES = 200L * 1024 * 1024;
    /** CPU time all inputs together may take (CPU, not wall time, so a busy machine does not fail the test). */
    private static final long MAX_TOTAL_CPU_SECONDS = 60;
    /** Wall time after which the run stops and fails (far beyond a normal run, which takes well under a minute). */
    private static final long MAX_WALL_SECONDS = 240;

    private static final Pattern LOCATED = Pattern.compile("^\\S[^\\n]*?:\\d+:\\d+: \\S.*");
    private static final Pattern JAVA_FAULT = Pattern.compile("Exception|Error\\b|\\tat |\\bjava\\.");
    private static final Pattern RAW_CONTROL = Pattern.compile("[\\x00-\\x09\\x0b-\\x1f\\x7f]");

    @TempDir
    Path dir;

    private static final String BASE = """
            defaults:
              ssh: {user: root, port: 22, connect_timeout: 10s, known_hosts: known_hosts}
              service_manager: sysv
              auth:
                app_id: myapp
                app_secret: {file: secret}
                asap_accepted_issuers: [myapp, other]
                asap_accepted_audiences: [jitsi]
                allow_empty_token: false
              config_js:
                extra: {disableAudioLevels: true, resolution: 720, ratio: 1.5, nested: {a: [1, "b"]}}
              prosody:
                vhost_modules: [muc_lobby_rooms]
                muc_modules: [muc_meeting_id]
              smoke_test: {room: probe}
            groups:
              web:
                vars:
                  services: {prosody: prosody, jicofo: jicofo, videobridge: jitsi-videobridge2}
                  tls: {ca_file: ca.pem}
                hosts:
                  meet1:
                    ssh: {address: 127.0.0.2}
                    domain: meet.example.com
                    public_url: https://meet.example.com/
                    paths: {jicofo_conf: /etc/jitsi/jicofo/jicofo.conf}
                  meet2:
                    ssh: {address: 127.0.0.3, sudo: false}
                    domain: meet2.example.com
                    muc_domain: conference.meet2.example.com
                    public_url: https://meet2.example.com/
                    auth: {guest_domain: guest.meet2.example.com, token_auth_url: "https://auth.example.com/{room}"}
              staging:
                hosts:
                  stage1:
                    ssh: {address: 127.0.0.4}
                    domain: stage.example.com
                    public_url: https://stage.example.com/
                    auth: {app_secret: {env: JITSI_APP_SECRET}}
            """;

    /** Values put where a scalar was: each a known way in which input has escaped the error path. */
    private static final List<String> HOSTILE = List.of("", "\"\"", "99999999999999999999", "1e400", "-1e400",
            ".inf", ".nan", "-1", "0", "0x1F", "0o17", "\"a\\0b\"", "\"\\e[2J\\e[Hcleared\"", "\" /etc/x\"",
            "\"/etc/x \"", "\"\\t/etc/x\"", "~", "[]", "{}", "[[[[[]]]]]", "*nope", "&anchor", "!!binary AAAA",
            "!!python/object:os.system x", "'", "\"", "{file: \"\"}", "{file: fifo}", "{file: secret0000}",
            "{file: big.secret}", "{file: secret\\0x}", "{env: \"\"}", "{env: A, file: secret}", "{env: \"A B\"}",
            "\"" + "x".repeat(5000) + "\"", "\"\\u2028\\u202e\"", "yes", "null", "2001-01-01", "\"\\x7f\\x9b\"",
            "/etc/jitsi/jicofo/jicofo.conf", "/etc/prosody/conf.avail/meet.example.com.cfg.lua",
            "\"/usr/share/jitsi-meet/asap-keys/x.pem\"", "fifo", "ca.pem", "tplfifo", "tplbroken", "RS256",
            "\"../../etc/passwd\"", "\"{domain}\"", "12345678901234567890ms", "0s", "99999999999m");

    /** Lines inserted somewhere, indented like their neighbour. */
    private static final List<String> SNIPPETS = List.of("x: &a [*a]", "x: &b {k: *b}", "<<: {a: 1}", "\t: x",
            "? [a]\n: b", "---", "%YAML 1.1", "templates: tplfifo", "templates: tplbroken", "templates: \"\"",
            "templates: \"tpl\\0\"", "paths: {config_js: /etc/jitsi/jicofo/jicofo.conf}",
            "paths: {prosody_vhost: \"/etc/prosody/x.lua \"}", "paths: {prosody_log: \"\\e]0;title\\a\"}",
            "tls: {ca_file: fifo}", "ssh: {identity_file: fifo}", "ssh: {known_hosts: tplfifo}",
            "config_js: {extra: {big: 1e400}}", "config_js: {extra: {deep: [[[[[[[[[[1]]]]]]]]]]}}",
            "auth: {app_secret: {file: secret0000}}", "auth: {keys_dir: fifo, algorithm: RS256}",
            "domain: \"\\e[2J\"", "unknown_\u001b[31m_key: 1", "\"k\\0\": v", "a: !!int 99999999999999999999999");

    private record Failure(String kind, int index, String input, String output) {
    }

    @Test
    void mutatedInventoriesEndInExit0Or2WithALocationAndBoundedCost() throws Exception {
        World world = new World(dir);
        Random random = new Random(SEED);
        Map<String, Failure> failures = new LinkedHashMap<>();
        Map<Integer, Integer> exits = new LinkedHashMap<>();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long maxAllocated = 0;
        long maxMillis = 0;
        long totalCpu = 0;
        long started = System.nanoTime();
        ExecutorService worker = Executors.newSingleThreadExecutor(daemon());
        int done = 0;
        for (int index = 0; index < INPUTS; index++, done++) {
            if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(MAX_WALL_SECONDS)) {
                failures.put("too slow", new Failure("too slow: only " + index + " inputs in " + MAX_WALL_SECONDS
                        + " s", index, "", ""));
                break;
            }
            Mutation mutation = mutate(random, world);
            String command = index % 3 == 0 ? "render" : "validate";
            List<String> args = new ArrayList<>(List.of(command, "-i", mutation.file().toString()));
            if (command.equals("render")) {
                args.addAll(List.of("-o", dir.resolve("out").toString()));
            }
            Future<long[]> run = worker.submit(() -> {
                long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
                long cpuBefore = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                CliRun result;
                try {
                    result = CliRun.run(dir, Map.of("JITSI_APP_SECRET", InventoryWorld.SECRET),
                            args.toArray(String[]::new));
                } catch (Throwable e) {
                    result = new CliRun(-1, "", "thrown to the caller: " + e);
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
                long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
                lastResult.set(result);
                return new long[] {millis, allocated, cpu};
            });
            long[] cost;
            try {
                cost = run.get(HANG_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                failures.putIfAbsent("hang", new Failure("hang", index, mutation.describe(), ""));
                world.unblockFifos();
                worker.shutdownNow();
                worker = Executors.newSingleThreadExecutor(daemon());
                continue;
            }
            CliRun result = lastResult.get();
            maxMillis = Math.max(maxMillis, cost[0]);
            maxAllocated = Math.max(maxAllocated, cost[1]);
            totalCpu += cost[2];
            exits.merge(result.exitCode(), 1, Integer::sum);
            check(result, mutation, index, cost, failures);
        }
        worker.shutdownNow();
        long wall = (System.nanoTime() - started) / 1_000_000;
        long peakHeap = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        System.out.printf("inventory fuzz: %d inputs run (seed %d) in %.1f s wall, %.1f s CPU; exit codes %s;"
                        + " slowest input %d ms; most allocated by one input %d MB; peak heap %d MB%n", done,
                SEED, wall / 1000.0, totalCpu / 1e9, exits, maxMillis, maxAllocated / (1024 * 1024),
                peakHeap / (1024 * 1024));
        StringBuilder report = new StringBuilder();
        failures.values().forEach(failure -> report.append("\n- ").append(failure.kind()).append(" (first at input ")
                .append(failure.index()).append(": ").append(failure.input()).append(")")
                .append(failure.output().isEmpty() ? "" : "\n    output: " + failure.output()));
        assertThat(failures).as("fuzz failures:" + report).isEmpty();
        assertThat(totalCpu / 1_000_000_000L).as("CPU seconds for all inputs").isLessThan(MAX_TOTAL_CPU_SECONDS);
    }

    private final java.util.concurrent.atomic.AtomicReference<CliRun> lastResult =
            new java.util.concurrent.atomic.AtomicReference<>();

    private static java.util.concurrent.ThreadFactory daemon() {
        return runnable -> {
            Thread thread = new Thread(runnable, "fuzz-worker");
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void check(CliRun result, Mutation mutation, int index, long[] cost,
                              Map<String, Failure> failures) {
        String output = result.all();
        String shown = output.length() > 600 ? output.substring(0, 600) + "..." : output;
        if (result.exitCode() != 0 && result.exitCode() != 2) {
            failures.putIfAbsent("exit " + result.exitCode(), new Failure("exit " + result.exitCode(), index,
                    mutation.describe(), shown));
        }
        if (JAVA_FAULT.matcher(output).find()) {
            failures.putIfAbsent("Java exception text", new Failure("Java exception text", index,
                    mutation.describe(), shown));
        }
        if (RAW_CONTROL.matcher(output).find()) {
            failures.putIfAbsent("raw control character", new Failure("raw control character", index,
                    mutation.describe(), shown.replaceAll("[\\x00-\\x09\\x0b-\\x1f\\x7f]", "<CTRL>")));
        }
        if (cost[1] > MAX_ALLOCATED_BYTES) {
            failures.putIfAbsent("memory", new Failure("memory (" + cost[1] / (1024 * 1024) + " MB, " + cost[0]
                    + " ms)", index, mutation.describe(), ""));
        }
        if (result.exitCode() == 2) {
            List<String> lines = result.err().lines().filter(line -> !line.isBlank()).toList();
            boolean located = !lines.isEmpty() && lines.stream().allMatch(line -> LOCATED.matcher(line).matches()
                    || mutation.wholeFile() && line.startsWith(mutation.file() + ": "));
            if (!located) {
                failures.putIfAbsent("error without a location", new Failure("error without a location", index,
                        mutation.describe(), shown));
            }
        }
    }

    /** One mutated inventory: where it is, what was done, and whether it is a problem of the file as a whole. */
    private record Mutation(Path file, String describe, boolean wholeFile) {
    }

    private Mutation mutate(Random random, World world) throws IOException {
        int wholeFile = random.nextInt(100);
        if (wholeFile == 0) {
            return new Mutation(world.fifo, "the inventory is a FIFO", true);
        }
        if (wholeFile == 1) {
            return new Mutation(world.bigInventory, "the inventory is 3 GB", true);
        }
        List<String> lines = new ArrayList<>(BASE.lines().toList());
        List<String> done = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            int line = random.nextInt(lines.size());
            String original = lines.get(line);
            String indent = original.substring(0, original.length() - original.stripLeading().length());
            switch (random.nextInt(9)) {
                case 0, 1, 2 -> {
                    int colon = original.lastIndexOf(": ");
                    String value = HOSTILE.get(random.nextInt(HOSTILE.size()));
                    if (colon > 0) {
                        lines.set(line, original.substring(0, colon + 2) + value);
                        done.add("line " + (line + 1) + " value -> " + value);
                    }
                }
                case 3 -> {
                    String snippet = SNIPPETS.get(random.nextInt(SNIPPETS.size()));
                    lines.add(line, indent + snippet.replace("\n", "\n" + indent));
                    done.add("insert at line " + (line + 1) + ": " + snippet);
                }
                case 4 -> {
                    lines.remove(line);
                    done.add("delete line " + (line + 1));
                }
                case 5 -> {
                    lines.add(line, original);
                    done.add("duplicate line " + (line + 1));
                }
                case 6 -> {
                    int at = random.nextInt(original.length() + 1);
                    char c = (char) (random.nextBoolean() ? random.nextInt(0x20) : " :{}[],&*!|>'\"%@`#-?"
                            .charAt(random.nextInt(20)));
                    lines.set(line, original.substring(0, at) + c + original.substring(at));
                    done.add("line " + (line + 1) + " insert char " + (int) c + " at " + at);
                }
                case 7 -> {
                    lines.set(line, random.nextBoolean() ? " " + original : original.stripLeading());
                    done.add("line " + (line + 1) + " re-indented");
                }
                default -> {
                    int levels = 15 + random.nextInt(6);
                    StringBuilder bomb = new StringBuilder(indent + "b0: &b0 [x, x]");
                    for (int level = 1; level <= levels; level++) {
                        bomb.append('\n').append(indent).append("b").append(level).append(": &b").append(level)
                                .append(" [*b").append(level - 1).append(", *b").append(level - 1).append("]");
                    }
                    lines.add(line, bomb.toString());
                    done.add("insert at line " + (line + 1) + " an alias bomb of " + levels + " levels");
                }
            }
        }
        byte[] bytes = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(20) == 0) {
            int at = random.nextInt(bytes.length);
            bytes[at] = (byte) (0x80 | random.nextInt(0x80));
            done.add("byte " + at + " not UTF-8");
        }
        if (random.nextInt(20) == 0) {
            bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            done.add("cut after byte " + bytes.length);
        }
        Path file = world.root.resolve("inventory.yml");
        Files.write(file, bytes);
        return new Mutation(file, String.join("; ", done).replaceAll("[\\x00-\\x1f\\x7f]", "<CTRL>"), false);
    }

    /** The files the mutated inventories can point at: good ones, a FIFO, a huge sparse file, unreadable ones. */
    private static final class World {
        final Path root;
        final Path fifo;
        final Path bigInventory;
        final List<Path> fifos = new ArrayList<>();

        World(Path root) throws IOException, InterruptedException {
            this.root = root;
            InventoryWorld world = new InventoryWorld(root);
            world.secretFile("secret", InventoryWorld.SECRET, "rw-------");
            world.secretFile("secret0000", InventoryWorld.SECRET, "---------");
            world.write("known_hosts", "");
            world.write("ca.pem", "");
            fifo = mkfifo(root.resolve("fifo"));
            bigInventory = sparse(root.resolve("big.yml"), 3L << 30);
            Path bigSecret = sparse(root.resolve("big.secret"), 3L << 30);
            Files.setPosixFilePermissions(bigSecret, PosixFilePermissions.fromString("rw-------"));
            Path templates = Path.of("templates").toAbsolutePath();
            Path fifoTemplates = Files.createDirectories(root.resolve("tplfifo"));
            Files.copy(templates.resolve("prosody-vhost.cfg.lua.ftl"),
                    fifoTemplates.resolve("prosody-vhost.cfg.lua.ftl"));
            mkfifo(fifoTemplates.resolve("config.js.ftl"));
            Path broken = Files.createDirectories(root.resolve("tplbroken"));
            Files.copy(templates.resolve("config.js.ftl"), broken.resolve("config.js.ftl"));
            Files.writeString(broken.resolve("prosody-vhost.cfg.lua.ftl"), Files.readString(
                    templates.resolve("prosody-vhost.cfg.lua.ftl")).replace("app_id = ${app_id}",
                    "app_id = ${app_id} ${app_id}"));
        }

        private Path mkfifo(Path path) throws IOException, InterruptedException {
            Process process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
            assertThat(process.waitFor()).isZero();
            fifos.add(path);
            return path;
        }

        private static Path sparse(Path path, long size) throws IOException {
            try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
                file.setLength(size);
            }
            return path;
        }

        /** A reader blocked opening a FIFO returns once a writer opens and closes it. */
        void unblockFifos() {
            for (Path path : fifos) {
                Thread opener = new Thread(() -> {
                    try (OutputStream out = Files.newOutputStream(path)) {
                        out.flush();
                    } catch (IOException e) {
                        // nobody was waiting on this one
                    }
                });
                opener.setDaemon(true);
                opener.start();
            }
        }
    }
}
