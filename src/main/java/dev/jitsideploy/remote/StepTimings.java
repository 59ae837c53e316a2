package dev.jitsideploy.remote;

/**
 * Receives how long each step on a host took: every SSH round trip (connect, each command, each upload) and the
 * larger steps built from them. The CLI prints them with {@code -v}. Step names carry paths and operation names,
 * never file contents or secrets. Implementations are called from several hosts' threads at once.
 */
@FunctionalInterface
public interface StepTimings {

    /** Records nothing. */
    StepTimings NONE = (host, step, nanos) -> {
    };

    void record(String host, String step, long nanos);

    /** Runs {@code work} and records how long it took, also when it fails. */
    default <T, E extends Exception> T time(String host, String step, Step<T, E> work) throws E {
        long start = System.nanoTime();
        try {
            return work.run();
        } finally {
            record(host, step, System.nanoTime() - start);
        }
    }

    /** A step that may fail with a checked exception. */
    @FunctionalInterface
    interface Step<T, E extends Exception> {
        T run() throws E;
    }
}
