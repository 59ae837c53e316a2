package dev.jitsideploy.plan;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.remote.BatchResult;
import dev.jitsideploy.remote.CommandBatch;
import dev.jitsideploy.remote.OwnerAndMode;
import dev.jitsideploy.remote.RemoteException;
import dev.jitsideploy.remote.RemoteFile;
import dev.jitsideploy.remote.RemoteHost;
import dev.jitsideploy.remote.StepTimings;
import dev.jitsideploy.remote.SudoRefusedException;
import dev.jitsideploy.render.CarriedOverValues;
import dev.jitsideploy.render.HostRenderer;
import dev.jitsideploy.render.RenderedFile;
import dev.jitsideploy.render.RenderedHost;
import dev.jitsideploy.render.Service;
import dev.jitsideploy.render.TenantSsi;
import dev.jitsideploy.render.VhostCarryOver;
import dev.jitsideploy.secrets.AuthFingerprint;
import dev.jitsideploy.secrets.PublicKeyFile;
import dev.jitsideploy.secrets.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Computes a host's plan: preflight, then its current state over SSH, then the files rendered from the inventory
 * with what the host already holds (installer-generated values, the current jicofo.conf), then the differences.
 */
public final class Planner {

    private final HostRenderer renderer;
    private final Duration timeout;
    private final StepTimings timings;

    /**
     * @param timeout limit for each remote step
     * @param timings receives how long the local work (render and compare) took
     */
    public Planner(HostRenderer renderer, Duration timeout, StepTimings timings) {
        this.renderer = renderer;
        this.timeout = timeout;
        this.timings = timings;
    }

    /**
     * @param appSecret  the resolved app secret (HS256); null for RS256
     * @param publicKeys the published keys of the host's key directory (RS256); empty for HS256
     * @param requested  services to restart even when no file feeding them changes ({@code apply --restart}), each
     *                   with what follows it
     */
    public HostPlan plan(RemoteHost remote, HostConfig host, Secret appSecret, List<PublicKeyFile> publicKeys,
                         Set<Restart> requested) throws RemoteException, InvalidInputException {
        String linkTarget = Path.of(host.paths().prosodyVhostLink()).getParent()
                .relativize(Path.of(host.paths().prosodyVhost())).toString();
        // One round trip: preflight, the managed files, the marker, the owned directories and the link.
        CommandBatch batch = new CommandBatch();
        int preflightStep = batch.add(Preflight.script(host));
        List<String> paths = RemoteState.paths(host);
        int filesStep = batch.addReadAll(paths, RemoteState.directories(HostRenderer.ownedDirectories(host)));
        int linkStep = batch.add(RemoteState.linkCommand(host));
        List<PreflightCheck> preflight;
        BatchResult answer = null;
        try {
            answer = remote.runBatch("preflight and read state", batch, timeout);
            preflight = Preflight.checks(host, remote.target().sudo(), answer.result(preflightStep));
        } catch (SudoRefusedException e) {
            preflight = Preflight.sudoRefused(e);
        }
        if (!preflight.stream().allMatch(PreflightCheck::passed)) {
            return new HostPlan(host, preflight, List.of(), List.of(), false, linkTarget, List.of(), Set.of(),
                    List.of(), new AuthSwitch(AuthFingerprint.none(), AuthFingerprint.none()));
        }
        RemoteState state = RemoteState.of(host, answer.files(filesStep, paths), answer.result(linkStep));
        List<PreflightCheck> checks = preflight;
        return timings.time(host.name(), "plan: render and compare (local)",
                () -> compare(host, checks, linkTarget, state, appSecret, publicKeys, requested));
    }

    /** The plan of {@code host} from its state: pure (no remote work), so a test can run apply's fixed point. */
    HostPlan compare(HostConfig host, List<PreflightCheck> preflight, String linkTarget, RemoteState state,
                             Secret appSecret, List<PublicKeyFile> publicKeys, Set<Restart> requested)
            throws InvalidInputException {
        CarriedOverValues carried = state.file(host.paths().prosodyVhost())
                .map(file -> VhostCarryOver.read(text(file))).orElse(CarriedOverValues.none())
                .withTenantSsi(state.file(host.paths().configJs()).map(file -> TenantSsi.of(file.content()))
                        .orElse(TenantSsi.none()));
        String currentJicofo = state.file(host.paths().jicofoConf()).map(Planner::text).orElse(null);
        RenderedHost rendered = renderer.render(host, appSecret, publicKeys, carried, currentJicofo,
                current(state, host.paths().prosodyVhost()));

        List<FileChange> changes = new ArrayList<>();
        Set<Restart> restarts = EnumSet.noneOf(Restart.class);
        for (RenderedFile file : rendered.files()) {
            Optional<RemoteFile> current = state.file(file.remotePath());
            FileChange change = compare(file, current, keepsHostOwnership(host, file));
            changes.add(change);
            if (change.contentChanged()) {
                restarts.addAll(restartsFor(file.feeds()));
            }
        }
        boolean linkToFix = state.vhostLinkTarget().filter(t -> t.equals(linkTarget)
                || t.equals(host.paths().prosodyVhost())).isEmpty();
        if (linkToFix) {
            restarts.addAll(restartsFor(Service.PROSODY));
        }
        restarts.addAll(state.pendingRestarts());
        requested.forEach(restart -> restarts.addAll(restartsFor(restart)));
        List<String> notes = new ArrayList<>(rendered.notes());
        notes.addAll(drops(host, rendered, state).notes());
        return new HostPlan(host, preflight, changes, deletions(rendered, state), linkToFix, linkTarget,
                List.copyOf(restarts),
                state.pendingRestarts(), notes, new AuthSwitch(deployed(appSecret, publicKeys),
                runningNow(host, state)));
    }

    private static AuthFingerprint deployed(Secret appSecret, List<PublicKeyFile> publicKeys) {
        return appSecret != null ? AuthFingerprint.of(appSecret)
                : AuthFingerprint.ofKeyFiles(publicKeys.stream().map(PublicKeyFile::fileName).toList());
    }

    /** What the host's current vhost runs: the key files it serves (RS256), its app_secret, or nothing. */
    private static AuthFingerprint runningNow(HostConfig host, RemoteState state) {
        Optional<String> vhost = state.file(host.paths().prosodyVhost()).map(Planner::text);
        if (vhost.isEmpty()) {
            return AuthFingerprint.none();
        }
        if (vhost.get().contains("asap_key_server")) {
            return AuthFingerprint.ofKeyFiles(state.ownedFiles().keySet());
        }
        return VhostCarryOver.appSecret(vhost.get()).map(AuthFingerprint::of).orElse(AuthFingerprint.none());
    }

    /** What the rendered vhost and config.js would drop from the host's current ones. */
    static RenderDrops drops(HostConfig host, RenderedHost rendered, RemoteState state) {
        return RenderDrops.of(host, current(state, host.paths().prosodyVhost()),
                renderedBytes(rendered, host.paths().prosodyVhost()), current(state, host.paths().configJs()),
                renderedBytes(rendered, host.paths().configJs()));
    }

    private static byte[] current(RemoteState state, String path) {
        return state.file(path).map(RemoteFile::content).orElse(null);
    }

    private static byte[] renderedBytes(RenderedHost rendered, String path) {
        return rendered.files().stream().filter(file -> file.remotePath().equals(path)).findFirst()
                .map(RenderedFile::bytes).orElseThrow();
    }

    /** Files of the owned directories that are not rendered: retired keys. They feed no service. */
    static List<FileDeletion> deletions(RenderedHost rendered, RemoteState state) {
        Set<String> renderedPaths = rendered.files().stream().map(RenderedFile::remotePath)
                .collect(java.util.stream.Collectors.toSet());
        return state.ownedFiles().values().stream()
                .filter(file -> !renderedPaths.contains(file.path()))
                .filter(file -> rendered.ownedDirectories().stream().anyMatch(d -> d.owns(file.path())))
                .sorted(java.util.Comparator.comparing(RemoteFile::path))
                .map(file -> new FileDeletion(file.path(), file.ownerAndMode(), Sha256.hex(file.content()))).toList();
    }

    /** A restart of Prosody drops jicofo's and the bridge's XMPP sessions, so they follow it. */
    public static Set<Restart> restartsFor(Service service) {
        return switch (service) {
            case PROSODY -> EnumSet.allOf(Restart.class);
            case JICOFO -> EnumSet.of(Restart.JICOFO);
            case NONE -> EnumSet.noneOf(Restart.class);
        };
    }

    /** A restart asked for by name, with what follows it (a Prosody restart drops the others' XMPP sessions). */
    public static Set<Restart> restartsFor(Restart requested) {
        return requested == Restart.PROSODY ? EnumSet.allOf(Restart.class) : EnumSet.of(requested);
    }

    /** jicofo.conf is merged into the host's file, which the package owns: it keeps its owner and mode. */
    private static boolean keepsHostOwnership(HostConfig host, RenderedFile file) {
        return file.remotePath().equals(host.paths().jicofoConf());
    }

    static FileChange compare(RenderedFile file, Optional<RemoteFile> current, boolean keepOwnership) {
        OwnerAndMode rendered = new OwnerAndMode(file.owner(), file.group(), file.mode());
        OwnerAndMode target = keepOwnership && current.isPresent() ? current.get().ownerAndMode() : rendered;
        if (current.isEmpty()) {
            return new FileChange(file, FileChange.Kind.CREATED, true, target, Optional.empty(),
                    UnifiedDiff.of("/dev/null", file.remotePath(), "", SecretRedaction.redact(file.text(),
                            file.secrets())), Optional.empty());
        }
        RemoteFile now = current.get();
        boolean contentChanged = !Arrays.equals(now.content(), file.bytes());
        // Same bytes, no diff: a no-op plan of a large fleet spends no CPU on redacting and diffing its files.
        String diff = "";
        if (contentChanged) {
            String newText = SecretRedaction.redact(file.text(), file.secrets());
            String oldText = SecretRedaction.redact(text(now), file.secrets());
            diff = UnifiedDiff.of(file.remotePath() + " (on the host)", file.remotePath() + " (planned)", oldText,
                    newText);
            if (diff.isEmpty() || sameWords(oldText, newText)) {
                diff = "(only a secret value or whitespace changes; not shown)\n";
            }
        }
        boolean changed = contentChanged || !now.ownerAndMode().equals(target);
        return new FileChange(file, changed ? FileChange.Kind.CHANGED : FileChange.Kind.UNCHANGED, contentChanged,
                target, Optional.of(now.ownerAndMode()), diff, Optional.of(Sha256.hex(now.content())));
    }

    /** Whether two texts differ in whitespace only (blank lines, indentation, spaces between the same words). */
    static boolean sameWords(String a, String b) {
        return words(a).equals(words(b));
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.split("\\s+")).filter(word -> !word.isEmpty()).toList();
    }

    private static String text(RemoteFile file) {
        return new String(file.content(), StandardCharsets.UTF_8);
    }
}
