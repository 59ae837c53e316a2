package dev.jitsideploy.verify.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM that each launcher starts runs Java 17 HttpClient's sendAsync answers (every BOSH request of verify and the
 * gate) on a bounded pool, not on a new thread per answer (issue 15: peak threads at most 4 x forks + 20). Each
 * launcher runs with a stand-in {@code java} that records the JVM options it is given; a real JVM with those options,
 * limited to 2 processors like the machine the figures come from, then sends requests through the run's shared HTTP
 * client ({@link TlsTrust#httpClient}) to an in-process server and counts the threads it started meanwhile.
 */
class AsyncAnswerThreadsTest {

    private static final int REQUESTS = 30;
    /** The shared client's 4 worker threads (TlsTrust) and the common pool's 2 (the launchers' parallelism). */
    private static final int BOUNDED_POOLS = 4 + 2;

    @TempDir
    Path dir;

    @Test
    void theCheckoutLauncherRunsAnswersOnABoundedPool() throws Exception {
        Path root = dir.resolve("checkout");
        // A checkout whose jar is newer than its sources, so the launcher starts java rather than building first.
        Files.createDirectories(root.resolve("src/main"));
        Files.writeString(root.resolve("pom.xml"), "");
        Path jar = Files.createDirectories(root.resolve("target")).resolve("jitsi-deploy.jar");
        Files.writeString(jar, "");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        Path launcher = copyLauncher(Path.of("bin/jitsi-deploy"), root);
        Path path = Files.createDirectories(dir.resolve("path"));
        recordingJava(path.resolve("java"));
        List<String> options = jvmOptions(launcher, Map.of("PATH", path + ":" + System.getenv("PATH")));

        assertThat(threadsStartedFor(options)).as("threads started for %d answers with %s", REQUESTS, options)
                .isLessThanOrEqualTo(BOUNDED_POOLS);
    }

    @Test
    void theReleaseLauncherRunsAnswersOnABoundedPool() throws Exception {
        Path launcher = copyLauncher(Path.of("src/dist/bin/jitsi-deploy"), dir.resolve("release"));
        Path javaHome = dir.resolve("jdk");
        recordingJava(Files.createDirectories(javaHome.resolve("bin")).resolve("java"));
        List<String> options = jvmOptions(launcher, Map.of("JAVA_HOME", javaHome.toString()));

        assertThat(threadsStartedFor(options)).as("threads started for %d answers with %s", REQUESTS, options)
                .isLessThanOrEqualTo(BOUNDED_POOLS);
    }

    private static Path copyLauncher(Path launcher, Path root) throws IOException {
        Path copy = Files.createDirectories(root.resolve("bin")).resolve("jitsi-deploy");
        Files.copy(launcher, copy);
        return copy;
    }

    /** A {@code java} that writes its arguments, one a line, to the file named by RECORDED_ARGS. */
    private static void recordingJava(Path java) throws IOException {
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$RECORDED_ARGS\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The JVM options (everything before -cp) the launcher passes to java. */
    private List<String> jvmOptions(Path launcher, Map<String, String> environment) throws Exception {
        Path recorded = dir.resolve("recorded-args");
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "--version").redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("RECORDED_ARGS", recorded.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<String> args = Files.readAllLines(recorded);
        assertThat(args).as("java's arguments").contains("-cp");
        return args.subList(0, args.indexOf("-cp"));
    }

    private static int threadsStartedFor(List<String> options) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-XX:ActiveProcessorCount=2", "-cp", System.getProperty("java.class.path"),
                Probe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return Integer.parseInt(output.lines().reduce((first, last) -> last).orElseThrow());
    }

    /** Prints how many threads the JVM started while REQUESTS answers came back, one request after another. */
    static final class Probe {

        public static void main(String[] args) throws Exception {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] answer = "<body xmlns='http://jabber.org/protocol/httpbind'/>".getBytes(StandardCharsets.UTF_8);
            server.createContext("/http-bind", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    exchange.sendResponseHeaders(200, answer.length);
                    exchange.getResponseBody().write(answer);
                }
            });
            server.start();
            try {
                URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/http-bind");
                HttpClient http = TlsTrust.systemDefault().httpClient(Duration.ofSeconds(10));
                send(http, uri);   // the client's selector thread and the server's dispatcher start here
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                long before = threads.getTotalStartedThreadCount();
                for (int i = 0; i < REQUESTS; i++) {
                    send(http, uri);
                }
                System.out.println(threads.getTotalStartedThreadCount() - before);
            } finally {
                server.stop(0);
            }
        }

        private static void send(HttpClient http, URI uri) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("<body/>")).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
        }
    }
}
