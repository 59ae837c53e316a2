package dev.jitsideploy.remote;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * A host script kept running by {@link RemoteHost#holdScript} (e.g. holding a lock). It ends when {@link #close()}
 * closes its stdin and session, or when the connection ends, so it never outlives the run that started it.
 */
public final class HeldScript implements AutoCloseable {

    private final String host;
    private final String name;
    private final Session session;
    private final Session.Command running;
    private final String firstLine;
    private final ExecutorService readers;

    HeldScript(String host, String name, Session session, Session.Command running, String firstLine,
               ExecutorService readers) {
        this.host = host;
        this.name = name;
        this.session = session;
        this.running = running;
        this.firstLine = firstLine;
        this.readers = readers;
    }

    /** The first line the script answered. */
    public String firstLine() {
        return firstLine;
    }

    /** The rest of the script's answer, for a script that ends after its first line (at most {@code timeout}). */
    public List<String> remainingLines(Duration timeout) throws RemoteException {
        Future<byte[]> rest = readers.submit(() -> running.getInputStream().readAllBytes());
        try {
            return new String(rest.get(timeout.toMillis(), TimeUnit.MILLISECONDS),
                    java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new RemoteTimeoutException(host, name, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException(host, name, "interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new RemoteException(host, name, "connection failed while reading the answer", e.getCause());
        }
    }

    /** Ends the script: its stdin closes (the script's own end), then the session. */
    @Override
    public void close() throws RemoteException {
        try {
            running.getOutputStream().close();
            session.close();
        } catch (IOException e) {
            throw new RemoteException(host, name, "cannot end the script (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
