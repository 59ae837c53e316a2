package dev.jitsideploy.deploy;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A run's Ctrl-C, cooperatively: once {@link #request() requested}, {@link Fleet} starts no new host and a host job
 * stops after the step it is in (each step leaves the host on its old or its new files, never between). The steps
 * in flight are recorded so that a second Ctrl-C, which ends the process at once, can name the hosts that may then
 * be inconsistent.
 */
public final class Interruption {

    private final AtomicBoolean requested = new AtomicBoolean();
    private final Map<String, String> inFlight = new ConcurrentHashMap<>();

    /** Asks the run to stop; true the first time. */
    public boolean request() {
        return requested.compareAndSet(false, true);
    }

    public boolean requested() {
        return requested.get();
    }

    /** {@code host} is now in {@code step} (a step that changes the host and must not be cut short). */
    public void enter(String host, String step) {
        inFlight.put(host, step);
    }

    public void leave(String host) {
        inFlight.remove(host);
    }

    /** Host to the step it is in, sorted by host. */
    public Map<String, String> inFlight() {
        return new TreeMap<>(inFlight);
    }
}
