package dev.jitsideploy.lab;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives an integration test class a running lab (docs/lab.md) with at least N hosts, in the fresh quick-install state.
 *
 * <pre>{@code
 * class MyThingIT {
 *     @RegisterExtension
 *     static final LabExtension LAB = LabExtension.withHosts(2);
 *
 *     @Test
 *     void works() throws Exception {
 *         RunningLab lab = LAB.lab();
 *         LabHost lab1 = lab.host(1);   // name, address (127.0.0.2), domain (lab1.jitsi.test)
 *         lab.exec(lab1, "service prosody restart");   // shell command inside the host, no SSH
 *         lab.inventory();       // inventories/lab.yml; also identityFile(), knownHosts(), caFile(), appSecret()
 *     }
 * }
 * }</pre>
 *
 * <p>Before each class: when no lab runs, it is brought up ({@code lab up N}); when one runs, it is reset
 * ({@code lab reset}: every host's managed files back to the quick-install state, services restarted), so classes
 * do not see each other's changes. A lab this JVM brought up is brought down ({@code lab down}) when the whole run
 * ends; one that was already running is left running. A running lab with fewer than N hosts is replaced when this
 * JVM started it and refused otherwise; so is one this JVM brought up bigger than the usual size
 * ({@link #beyondTheUsualSize}), for the next class. Needs root, like the lab itself.
 *
 * <p>The machine has one lab, and test runs from several checkouts would trip over each other: the first use in a
 * JVM takes an exclusive lock ({@code /var/lib/jitsi-deploy-lab/tests.lock}) that it holds until the run ends, so
 * concurrent runs take turns (the later one waits).
 */
public final class LabExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LabExtension.class);

    /** The most hosts a class may ask for without {@link #beyondTheUsualSize()}. */
    static final int USUAL_HOSTS = 3;

    private final int hosts;
    private final boolean sudoPassword;
    private RunningLab lab;

    private LabExtension(int hosts, boolean sudoPassword) {
        this.hosts = hosts;
        this.sudoPassword = sudoPassword;
    }

    /** A lab of at least this many hosts (1..10) for the test class. */
    public static LabExtension withHosts(int hosts) {
        if (hosts < 1 || hosts > USUAL_HOSTS) {
            throw new IllegalArgumentException("a class gets 1.." + USUAL_HOSTS + " lab hosts, not " + hosts
                    + "; more: beyondTheUsualSize(N)");
        }
        return new LabExtension(hosts, false);
    }

    /**
     * A lab of N (4..10) hosts for a class that needs a bigger fleet. Most classes use the lab's inventory as it is
     * and count on the usual few hosts in it, so the next class gets the lab replaced by one of its own size.
     */
    public static LabExtension beyondTheUsualSize(int hosts) {
        if (hosts <= USUAL_HOSTS || hosts > 10) {
            throw new IllegalArgumentException("a bigger lab has " + (USUAL_HOSTS + 1) + "..10 hosts, not " + hosts);
        }
        return new LabExtension(hosts, false);
    }

    /**
     * The same lab, brought up with {@code lab up --sudo-password}: sudo on the last host wants the password in
     * {@link RunningLab#sudoPasswordFile()}. A running lab without it (or, for the other classes, with it) is
     * replaced when this JVM started it.
     */
    public LabExtension withSudoPassword() {
        return new LabExtension(hosts, true);
    }

    /** The running lab; available from {@code @BeforeAll} methods declared in the test class on. */
    public RunningLab lab() {
        if (lab == null) {
            throw new IllegalStateException("the lab is not up yet: use LAB.lab() in tests or @BeforeAll methods");
        }
        return lab;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        // One instance per run: it remembers whether this JVM started the lab.
        RunState state = store.getOrComputeIfAbsent(RunState.class, key -> new RunState(), RunState.class);
        synchronized (state) {
            lab = state.prepare(hosts, sudoPassword);
        }
    }

    /** What this test JVM did to the lab; stopping it at the end of the run is JUnit's job (CloseableResource). */
    private static final class RunState implements ExtensionContext.Store.CloseableResource {
        private final LabScript script = LabScript.ofThisCheckout();
        private boolean startedHere;
        private FileChannel lockFile;

        RunningLab prepare(int wanted, boolean sudoPassword) throws IOException, InterruptedException {
            if (lockFile == null) {
                Files.createDirectories(RunningLab.STATE);
                lockFile = FileChannel.open(RunningLab.STATE.resolve("tests.lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                lockFile.lock(); // released when the channel closes at the end of the run
            }
            int running = runningHosts();
            boolean passwordHost = Files.isRegularFile(RunningLab.STATE.resolve("sudo-password-host"));
            boolean biggerThanUsual = running > Math.max(wanted, USUAL_HOSTS) && startedHere;
            if (running > 0 && (running < wanted || passwordHost != sudoPassword || biggerThanUsual)) {
                if (!startedHere) {
                    throw new IllegalStateException("a lab with " + running + " hosts"
                            + (passwordHost ? " (one wanting a sudo password)" : "") + " is running but " + wanted
                            + (sudoPassword ? " with a sudo password" : "") + " are needed; run"
                            + " 'bin/jitsi-deploy lab down' first");
                }
                run(LabScript.Action.DOWN, null);
                running = 0;
            }
            if (running == 0) {
                List<String> lines = new ArrayList<>();
                check(script.run(LabScript.Action.UP, wanted,
                        sudoPassword ? List.of("--sudo-password") : List.of(), lines::add), LabScript.Action.UP, lines);
                startedHere = true;
                running = wanted;
            } else {
                run(LabScript.Action.RESET, null);
            }
            return new RunningLab(script, running);
        }

        private int runningHosts() throws IOException, InterruptedException {
            List<String> lines = new ArrayList<>();
            int status = script.run(LabScript.Action.STATUS, null, lines::add);
            if (status == LabScript.NOT_RUNNING) {
                return 0;
            }
            check(status, LabScript.Action.STATUS, lines);
            return (int) lines.stream().filter(line -> line.matches("lab[0-9]+ .*")).count();
        }

        private void run(LabScript.Action action, Integer hosts) throws IOException, InterruptedException {
            List<String> lines = new ArrayList<>();
            check(script.run(action, hosts, lines::add), action, lines);
        }

        private static void check(int status, LabScript.Action action, List<String> lines) {
            if (status != 0) {
                throw new IllegalStateException("lab " + action + " failed (exit " + status + "):\n"
                        + String.join("\n", lines));
            }
        }

        @Override
        public void close() throws Exception {
            try {
                if (startedHere) {
                    run(LabScript.Action.DOWN, null);
                }
            } finally {
                if (lockFile != null) {
                    lockFile.close();
                }
            }
        }
    }
}
