package dev.jitsideploy.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.ErrorNotifiable;
import net.schmizz.sshj.common.SSHException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.SFTPClient;

/**
 * One SSH connection to one host, reused for every operation on it. Not thread-safe: one thread works on a host at
 * a time (hosts run in parallel, operations on one host do not).
 *
 * <p>Every operation has a time limit. Exceptions name the host and the operation only: file contents and command
 * output (which may hold secrets) never end up in a message.
 */
public final class RemoteHost implements AutoCloseable {

    // The server answers keep-alives, so a healthy but quiet connection (a long restart) still sees traffic well
    // within the read timeout; a silent peer is detected by the socket timeout.
    private static final int KEEPALIVE_SECONDS = 5;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LOCAL_GRACE = Duration.ofSeconds(3);
    private static final int UPLOAD_CHUNK = 32 * 1024;
    private static final int UNCONFIRMED_WRITES = 16;

    private final SshTarget target;
    private final SSHClient client;
    /** The connections to the jump hosts the client's connection runs through, first hop first. */
    private final List<SSHClient> jumps;
    private final ExecutorService streamReaders;
    /** One for the run (SecureRandom is thread-safe): a new one per host or session seeds itself each time. */
    private static final SecureRandom RANDOM = new SecureRandom();
    private final StepTimings timings;
    private SFTPClient sftp;

    private RemoteHost(SshTarget target, SSHClient client, List<SSHClient> jumps, StepTimings timings) {
        this.target = target;
        this.client = client;
        this.jumps = jumps;
        this.timings = timings;
        this.streamReaders = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "ssh-output-" + target.host());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Connects (through the target's jump hosts, if any) and logs in with the target's credentials ({@link SshLogin}).
     * Every hop's host key is checked against the target's known_hosts before anything else is sent to it; an unknown
     * key is refused unless the policy accepts new keys, a changed key is always refused.
     */
    public static RemoteHost connect(SshTarget target, HostKeyPolicy policy) throws RemoteException {
        return connect(target, new KnownHosts(policy), StepTimings.NONE);
    }

    /**
     * {@link #connect(SshTarget, HostKeyPolicy)} with the run's known_hosts ({@link KnownHosts}: each file read once
     * per run), recording the connect and every later round trip in timings.
     */
    public static RemoteHost connect(SshTarget target, KnownHosts knownHosts, StepTimings timings)
            throws RemoteException {
        return timings.time(target.host(), "ssh connect (TCP, key exchange, host key check, login)",
                () -> open(target, knownHosts, timings));
    }

    private static RemoteHost open(SshTarget target, KnownHosts knownHosts, StepTimings timings)
            throws RemoteException {
        SshLogin.Chain chain = new SshLogin(target, knownHosts, SshClientConfig.SHARED).open(KEEPALIVE_SECONDS,
                READ_TIMEOUT);
        return new RemoteHost(target, chain.target(), chain.jumps(), timings);
    }

    public SshTarget target() {
        return target;
    }

    /** Runs a command as the login user. A non-zero exit status is a result, not an exception. */
    public CommandResult run(String command, Duration timeout) throws RemoteException {
        return execute("run command", anyCommand(command), timeout);
    }

    /**
     * Runs a command with root rights: as it is when the login user is root, through {@code sudo -n} when the target
     * says sudo. A sudo that wants a password fails at once with a message saying so, instead of waiting.
     */
    public CommandResult runPrivileged(String command, Duration timeout) throws RemoteException {
        return privileged("run privileged command", anyCommand(command), timeout);
    }

    /** Where this connection's round trips are timed; callers add the larger steps they build from them. */
    public StepTimings timings() {
        return timings;
    }

    /** {@link #runPrivileged(String, Duration)} under a name for messages and timings, e.g. "restart prosody". */
    public CommandResult runPrivileged(String step, String command, Duration timeout) throws RemoteException {
        return privileged(step, anyCommand(command), timeout);
    }

    /**
     * {@code command}, any command line, as one simple command ({@code sh -c COMMAND}), which is what the privileged
     * and time-limited paths below take: the host scripts' calls are simple commands already, and run without that
     * extra shell (each process costs the host some 5 ms of CPU on every round trip).
     */
    private static String anyCommand(String command) {
        return "sh -c " + ShellQuoting.quote(command);
    }

    /** Runs {@code script} with root rights (as {@link #runPrivileged}), the script sent on stdin to {@code sh -s}. */
    public CommandResult runScript(HostScript script, List<String> arguments, Duration timeout)
            throws RemoteException {
        return privileged(script.name(), script.stdinCommand(arguments), script.text().getBytes(StandardCharsets.UTF_8),
                timeout);
    }

    /**
     * Starts {@code script} with root rights and keeps it running, its stdin open, until the returned session is
     * closed or the connection ends (whichever comes first: the host then sees the end of stdin). Waits at most
     * {@code timeout} for the script's first line.
     */
    public HeldScript holdScript(HostScript script, List<String> arguments, Duration timeout) throws RemoteException {
        String command = script.stdinCommand(arguments);
        SudoPassword password = target.sudo() ? target.sudoPassword() : null;
        if (target.sudo()) {
            command = (password == null ? "sudo -n" : "sudo -S -k -p ''") + " -- " + command;
        }
        requireConnected(script.name());
        Session session = null;
        try {
            session = client.startSession();
            Session.Command running = session.exec(command);
            OutputStream stdin = running.getOutputStream();
            byte[] text = script.text().getBytes(StandardCharsets.UTF_8);
            stdin.write(password == null ? text : withPassword(password, text));
            stdin.flush();
            Future<String> firstLine = streamReaders.submit(() -> readLine(running.getInputStream()));
            String first = firstLine.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new HeldScript(target.host(), script.name(), session, running, first, streamReaders);
        } catch (TimeoutException e) {
            closeQuietly(session);
            throw new RemoteTimeoutException(target.host(), script.name(), timeout);
        } catch (InterruptedException e) {
            closeQuietly(session);
            Thread.currentThread().interrupt();
            throw new RemoteException(target.host(), script.name(), "interrupted", e);
        } catch (ExecutionException e) {
            closeQuietly(session);
            throw new RemoteException(target.host(), script.name(), "connection failed while reading the answer ("
                    + describe(e.getCause()) + ")", e.getCause());
        } catch (IOException e) {
            closeQuietly(session);
            throw new RemoteException(target.host(), script.name(), "connection failed (" + describe(e) + ")", e);
        }
    }

    /** One line of a script's answer (without its newline); empty at the end of the stream. */
    static String readLine(java.io.InputStream in) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static void closeQuietly(Session session) {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (IOException e) {
            // Closing after a failure: the failure is what the caller hears about; the connection goes with the run.
            return;
        }
    }

    /** The file's bytes, owner and mode; empty when there is no file at that path. Symlinks are followed. */
    public Optional<RemoteFile> read(String path, Duration timeout) throws RemoteException {
        return readAll(List.of(path), timeout).get(path);
    }

    /**
     * Reads several files with one command: path to the file there, empty when there is none, in the order given.
     * A file that changes while it is read may come back torn; the managed files are only changed by apply.
     */
    public Map<String, Optional<RemoteFile>> readAll(List<String> paths, Duration timeout)
            throws RemoteException {
        String operation = "read " + String.join(", ", paths);
        CommandResult result = privileged(operation, FileCommands.readAll(paths), timeout);
        failUnless(result, operation);
        try {
            return FileAnswer.parse(result.stdout(), paths);
        } catch (IllegalArgumentException e) {
            throw new RemoteException(target.host(), operation, e.getMessage());
        }
    }

    /**
     * Replaces (or creates) a file atomically: the bytes go to a temp file in the target's directory (mode 0600
     * while being written), which gets the final owner and mode and is then renamed over the target. Readers see
     * the old file or the new one, never a part; a write cut off half way leaves the target as it was.
     */
    public void write(String path, byte[] content, OwnerAndMode ownerAndMode, Duration timeout)
            throws RemoteException {
        long deadline = System.nanoTime() + timeout.toNanos();
        StagedFile staged = stage(path, content, ownerAndMode, timeout);
        failUnless(privileged("write " + path, staged.finishCommand(), remaining(deadline)), "write " + path);
    }

    /**
     * The first half of {@link #write}: uploads {@code content} over SFTP (nothing at the target changes) and returns
     * the command that finishes the write ({@link StagedFile}), to be run with root rights, e.g. as a step of a
     * {@link CommandBatch} with other files' finishes. Without sudo the bytes go to a hidden temp file beside the
     * target (its directory must exist); with sudo to a new private directory {@code /tmp/.jitsi-deploy-TOKEN}
     * (mode 0700, made over SFTP, which fails rather than reuse one that exists).
     */
    public StagedFile stage(String path, byte[] content, OwnerAndMode ownerAndMode, Duration timeout)
            throws RemoteException {
        String operation = "write " + path;
        long deadline = System.nanoTime() + timeout.toNanos();
        String temp = FileCommands.tempBeside(path, token());
        if (!target.sudo()) {
            String cleanup = FileCommands.removeStaged(temp);
            uploadCleaningUp(operation, temp, content, deadline, timeout, cleanup);
            return new StagedFile(path, temp, FileCommands.finishInPlace(temp, path, ownerAndMode), cleanup);
        }
        String stagingDirectory = "/tmp/.jitsi-deploy-" + token();
        String staged = stagingDirectory + "/content";
        String cleanup = FileCommands.removeStaged(stagingDirectory);
        sftpStep(operation, "sftp mkdir " + stagingDirectory, deadline,
                files -> files.getSFTPEngine().makeDir(stagingDirectory,
                        new FileAttributes.Builder().withPermissions(0700).build()));
        uploadCleaningUp(operation, staged, content, deadline, timeout, cleanup);
        return new StagedFile(path, staged, FileCommands.finishFromStaging(staged, stagingDirectory, temp, path,
                ownerAndMode), cleanup);
    }

    /**
     * Makes {@code directory} (one level, with {@code mode}) over SFTP as the login user when it does not exist, e.g.
     * so that {@link #stage} can put a temp file into it. Without sudo only: with sudo, stage does not need it.
     */
    public void makeDirectory(String directory, int mode, Duration timeout) throws RemoteException {
        long deadline = System.nanoTime() + timeout.toNanos();
        sftpStep("make directory " + directory, "sftp stat/mkdir " + directory, deadline, files -> {
            if (files.statExistence(directory) == null) {
                files.getSFTPEngine().makeDir(directory, new FileAttributes.Builder().withPermissions(mode).build());
            }
        });
    }

    private interface SftpWork {
        void run(SFTPClient files) throws IOException;
    }

    private void sftpStep(String operation, String step, long deadline, SftpWork work) throws RemoteException {
        timings.time(target.host(), step, () -> {
            requireConnected(operation);
            try {
                SFTPClient files = sftp();
                files.getSFTPEngine().setTimeoutMs((int) Math.max(1, remaining(deadline).toMillis()));
                work.run(files);
            } catch (IOException e) {
                throw new RemoteException(target.host(), operation, "SFTP failed (" + describe(e) + ")", e);
            } catch (RuntimeException e) {
                throw new RemoteException(target.host(), operation, "connection failed (" + describe(e) + ")",
                        brokenLibraryState(e));
            }
            return null;
        });
    }

    /**
     * Runs the batch's steps with root rights (as {@link #runPrivileged}) in one round trip: one exec channel, one
     * shell, whatever the number of steps.
     */
    public BatchResult runBatch(String operation, CommandBatch batch, Duration timeout) throws RemoteException {
        CommandResult result = privileged(operation + " (" + batch.size() + " steps in one command)", batch.script(),
                timeout);
        failUnless(result, operation);
        return BatchResult.parse(target.host(), operation, result.stdout());
    }

    /** The command that makes {@code link} a symlink to {@code linkTarget} in one rename (e.g. a batch step). */
    public String symlinkCommand(String linkTarget, String link) {
        return FileCommands.symlink(linkTarget, link, token());
    }

    /** Makes {@code link} a symlink to {@code linkTarget}, replacing whatever link was there. */
    public void symlink(String linkTarget, String link, Duration timeout) throws RemoteException {
        String operation = "link " + link + " -> " + linkTarget;
        failUnless(privileged(operation, symlinkCommand(linkTarget, link), timeout), operation);
    }

    /** Ends the connection. A failure here means the connection was already broken; it is reported all the same. */
    @Override
    public void close() throws RemoteException {
        streamReaders.shutdownNow();
        try {
            client.disconnect();
        } catch (IOException e) {
            RemoteException failed = new RemoteException(target.host(), "disconnect", describe(e), e);
            SshLogin.closeAll(jumps, failed);
            throw failed;
        }
        IOException collected = new IOException("closing the jump host connections");
        SshLogin.closeAll(jumps, collected);
        if (collected.getSuppressed().length > 0) {
            Throwable first = collected.getSuppressed()[0];
            throw new RemoteException(target.host(), "disconnect", "a jump host connection did not close cleanly ("
                    + describe(first) + ")", first);
        }
    }

    /** The one-line advice for a sudo that wants a password this run does not have. */
    public static final String GIVE_SUDO_PASSWORD = "give it with --ask-become-pass or in the inventory as"
            + " ssh.sudo_password: {env: NAME} or {file: PATH}";

    /**
     * Runs {@code command} as root. Through {@code sudo -n} when the target has no sudo password (a sudo that wants
     * one fails at once instead of waiting), else through {@code sudo -S -k}, which reads the password from the
     * command's standard input: the password never appears on a command line. {@code -k} makes sudo read it every
     * time (no cached credentials), so it is never left unread; the command itself gets /dev/null as its input.
     * {@code command} is one simple command (a program and its quoted arguments, e.g. a host script's call, or
     * {@link #anyCommand}), which sudo runs itself.
     */
    private CommandResult privileged(String operation, String command, Duration timeout) throws RemoteException {
        return privileged(operation, command, null, timeout);
    }

    /**
     * What {@code sudo -S} reads: the password line, then the command's own input. sudo reads the password a byte at a
     * time up to its newline, so what follows is left for the command.
     */
    private static byte[] withPassword(SudoPassword password, byte[] stdin) {
        byte[] line = password.stdinLine();
        if (stdin == null) {
            return line;
        }
        byte[] both = java.util.Arrays.copyOf(line, line.length + stdin.length);
        System.arraycopy(stdin, 0, both, line.length, stdin.length);
        return both;
    }

    private CommandResult privileged(String operation, String command, byte[] stdin, Duration timeout)
            throws RemoteException {
        if (!target.sudo()) {
            return execute(operation, command, stdin, timeout);
        }
        SudoPassword password = target.sudoPassword();
        CommandResult result = password == null
                ? execute(operation, "sudo -n -- " + command, stdin, timeout)
                : execute(operation, "sudo -S -k -p '' -- " + (stdin == null
                        ? anyCommand("exec </dev/null; exec " + command) : command), withPassword(password, stdin),
                        timeout);
        // sudo itself runs inside the host-side time limit, so a sudo that would prompt cannot hang either.
        String stderr = result.stderrText();
        if (result.exitStatus() != 1 || !stderr.startsWith("sudo:") && !stderr.startsWith("Sorry, try again")) {
            return result;
        }
        if (stderr.contains("incorrect password") || stderr.contains("no password was provided")) {
            throw new SudoRefusedException(target.host(), operation, "sudo refused the password for user "
                    + target.user() + (password == null ? "" : " (from " + password.source() + ")") + "; "
                    + GIVE_SUDO_PASSWORD);
        }
        if (stderr.contains("password is required") || stderr.contains("terminal is required")) {
            throw new SudoRefusedException(target.host(), operation, "sudo wants a password for user "
                    + target.user() + "; " + GIVE_SUDO_PASSWORD);
        }
        if (stderr.contains("not in the sudoers") || stderr.contains("not allowed to")) {
            throw new SudoRefusedException(target.host(), operation, "user " + target.user()
                    + " may not use sudo there; allow it in the host's sudoers or log in as root");
        }
        return result;
    }

    private CommandResult execute(String operation, String command, Duration timeout) throws RemoteException {
        return execute(operation, command, null, timeout);
    }

    private CommandResult execute(String operation, String command, byte[] stdin, Duration timeout)
            throws RemoteException {
        return timings.time(target.host(), "ssh exec: " + operation,
                () -> executeTimed(operation, command, stdin, timeout));
    }

    /** Runs {@code command}; {@code stdin} (when not null) is written to it and then closed. */
    private CommandResult executeTimed(String operation, String command, byte[] stdin, Duration timeout)
            throws RemoteException {
        long start = System.nanoTime();
        // The host enforces the limit itself (killing the command's whole process group), so nothing lingers there;
        // the local deadline, a little later, only guards against a host that stops answering.
        long deadline = start + timeout.plus(LOCAL_GRACE).toNanos();
        requireConnected(operation);
        try (Session session = client.startSession()) {
            Session.Command running = session.exec(FileCommands.withTimeLimit(command, timeout));
            if (stdin != null) {
                try (OutputStream in = running.getOutputStream()) {
                    in.write(stdin);
                }
            }
            // stdout is read on this thread and stderr on one other (both must be drained at once: they share the
            // channel's window). At the local deadline the timer ends the stdout read with an error.
            Future<byte[]> stderr = streamReaders.submit(() -> running.getErrorStream().readAllBytes());
            try {
                byte[] out = readUntil(running, deadline);
                byte[] err = stderr.get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
                running.join(Math.max(1, remainingNanos(deadline)), TimeUnit.NANOSECONDS);
                Integer status = running.getExitStatus();
                boolean pastLimit = System.nanoTime() - start >= timeout.toNanos();
                if (pastLimit && (status == null && running.getExitSignal() == Signal.KILL
                        || status != null && status == FileCommands.KILLED_BY_TIME_LIMIT)) {
                    throw new RemoteTimeoutException(target.host(), operation, timeout);
                }
                if (status == null) {
                    Signal signal = running.getExitSignal();
                    throw new RemoteException(target.host(), operation, signal == null
                            ? "the command ended without an exit status" : "the command was killed by " + signal);
                }
                return new CommandResult(status, out, err);
            } catch (TimeoutException e) {
                RemoteTimeoutException timedOut = new RemoteTimeoutException(target.host(), operation, timeout);
                stop(running, timedOut);
                throw timedOut;
            }
        } catch (ExecutionException e) {
            throw new RemoteException(target.host(), operation, "connection failed while reading the output ("
                    + describe(e.getCause()) + ")", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException(target.host(), operation, "interrupted", e);
        } catch (RemoteException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RemoteException(target.host(), operation, "connection failed (" + describe(e) + ")",
                    brokenLibraryState(e));
        } catch (IOException e) {
            if (remainingNanos(deadline) <= 0) {
                RemoteTimeoutException timedOut = new RemoteTimeoutException(target.host(), operation, timeout);
                timedOut.initCause(e);
                throw timedOut;
            }
            throw new RemoteException(target.host(), operation, "connection failed (" + describe(e) + ")", e);
        }
    }

    private void uploadCleaningUp(String operation, String remotePath, byte[] content, long deadline,
                                  Duration timeout, String cleanup) throws RemoteException {
        try {
            upload(operation, remotePath, content, deadline, timeout);
        } catch (RemoteException e) {
            try {
                execute(operation, cleanup, Duration.ofSeconds(10));
            } catch (RemoteException cleanupFailed) {
                // The connection is usually gone by now; the next write to this target removes the leftover.
                e.addSuppressed(cleanupFailed);
            }
            throw e;
        }
    }

    private void upload(String operation, String remotePath, byte[] content, long deadline, Duration timeout)
            throws RemoteException {
        timings.time(target.host(), "sftp upload (open, write, close): " + remotePath, () -> {
            uploadTimed(operation, remotePath, content, deadline, timeout);
            return null;
        });
    }

    private void uploadTimed(String operation, String remotePath, byte[] content, long deadline, Duration timeout)
            throws RemoteException {
        requireConnected(operation);
        IOException failure = null;
        try {
            SFTPClient files = sftp();
            files.getSFTPEngine().setTimeoutMs((int) Math.max(1, remaining(deadline).toMillis()));
            FileAttributes privateMode = new FileAttributes.Builder().withPermissions(0600).build();
            net.schmizz.sshj.sftp.RemoteFile file = files.open(remotePath,
                    EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL), privateMode);
            try {
                OutputStream out = file.new RemoteFileOutputStream(0, UNCONFIRMED_WRITES);
                for (int offset = 0; offset < content.length; offset += UPLOAD_CHUNK) {
                    if (remainingNanos(deadline) <= 0) {
                        throw new RemoteTimeoutException(target.host(), operation, timeout);
                    }
                    out.write(content, offset, Math.min(UPLOAD_CHUNK, content.length - offset));
                }
                out.close();
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = brokenLibraryState(e);
            }
            // Not try-with-resources: after a dropped connection SSHJ throws the same exception instance again on
            // close, which Java refuses to add to itself as suppressed.
            try {
                file.close();
            } catch (IOException e) {
                failure = firstOf(failure, e);
            } catch (RuntimeException e) {
                failure = firstOf(failure, brokenLibraryState(e));
            }
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = brokenLibraryState(e);
        }
        if (failure instanceof RemoteException remote) {
            throw remote;
        }
        if (failure != null) {
            throw new RemoteException(target.host(), operation, "upload failed (" + describe(failure) + ")", failure);
        }
    }

    private static IOException firstOf(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        if (next != first && next.getCause() != first) {
            first.addSuppressed(next);
        }
        return first;
    }

    /**
     * SSHJ sometimes fails with an unchecked exception (e.g. an index error in its packet encoder) when the connection
     * drops under a running transfer. The host is then unusable, which is what the caller must learn.
     */
    private static IOException brokenLibraryState(RuntimeException e) {
        return new IOException("SSH connection in a broken state: " + e.getClass().getSimpleName(), e);
    }

    /** SSHJ answers a call on a dropped connection with an unchecked exception; this turns it into ours. */
    private void requireConnected(String operation) throws RemoteException {
        if (!client.isConnected() || !client.isAuthenticated()) {
            throw new RemoteException(target.host(), operation, "the connection to the host was lost");
        }
    }

    /**
     * Ends the SFTP session once the host's uploads are done: SSHJ reads its answers on a thread of its own, which
     * would otherwise live as long as the connection (through restarts and the gate). A later upload starts a new one.
     */
    public void endFileTransfers() {
        if (sftp != null) {
            try {
                sftp.close();
            } catch (IOException e) {
                // The channel is gone already; the next step on this connection reports a broken connection.
            }
            sftp = null;
        }
    }

    private SFTPClient sftp() throws IOException {
        if (sftp == null) {
            sftp = timings.time(target.host(), "sftp start (channel, subsystem, version)", client::newSFTPClient);
        }
        return sftp;
    }

    private void failUnless(CommandResult result, String operation) throws RemoteException {
        if (!result.succeeded()) {
            // Only our own file commands reach here; their stderr names paths and users, never file contents.
            String firstLine = result.stderrText().lines().findFirst().orElse("").strip();
            throw new RemoteException(target.host(), operation, "exit status " + result.exitStatus()
                    + (firstLine.isEmpty() ? "" : ": " + abbreviate(firstLine)));
        }
    }

    /**
     * The command's whole stdout, read on this thread; a {@link TimeoutException} when the local deadline passes
     * first (the timer then ends the blocked read, as a failing connection would).
     */
    private static byte[] readUntil(Session.Command running, long deadline)
            throws IOException, TimeoutException, InterruptedException {
        InputStream stdout = running.getInputStream();
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> guard = SshTimer.SHARED.schedule(() -> {
            late.set(true);
            if (stdout instanceof ErrorNotifiable reader) {
                reader.notifyError(new SSHException("local deadline passed"));
            }
        }, Math.max(1, remainingNanos(deadline)), TimeUnit.NANOSECONDS);
        try {
            return stdout.readAllBytes();
        } catch (InterruptedIOException e) {
            // SSHJ turns an interrupt of the waiting read (Ctrl-C) into this: it stays an interrupt
            Thread.currentThread().interrupt();
            throw new InterruptedException("interrupted while reading the command's output");
        } catch (IOException e) {
            if (late.get()) {
                throw new TimeoutException();
            }
            throw e;
        } finally {
            guard.cancel(false);
        }
    }

    /** Kills what still runs, so a timed-out command does not linger on the host. */
    private static void stop(Session.Command running, RemoteException reason) {
        if (running.isOpen()) {
            try {
                running.signal(Signal.KILL);
            } catch (IOException e) {
                reason.addSuppressed(e);
            }
        }
    }

    private String token() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static long remainingNanos(long deadline) {
        return deadline - System.nanoTime();
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1, remainingNanos(deadline)));
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + abbreviate(message));
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

}
