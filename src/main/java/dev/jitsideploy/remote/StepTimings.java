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

    /**
     * Runs a step an operator waits for (a plan, a restart, the gate: seconds per host) as {@link #time} does, and
     * also tells when it starts and ends, so a progress display can show it while it runs.
     */
    default <T, E extends Exception> T milestone(String host, String step, Step<T, E> work) throws E {
        started(host, step);
        long start = System.nanoTime();
        boolean completed = false;
        try {
            T result = work.run();
            completed = true;
            return result;
        } finally {
            long took = System.nanoTime() - start;
            record(host, step, took);
            ended(host, step, took, completed);
        }
    }

    /** A {@link #milestone} began. */
    default void started(String host, String step) {
    }

    /** A {@link #milestone} ended; {@code completed} is false when it threw. */
    default void ended(String host, String step, long nanos, boolean completed) {
    }

    /** Both receive every step (the {@code -v} log and the progress lines). */
    static StepTimings both(StepTimings first, StepTimings second) {
        return new StepTimings() {
            @Override
            public void record(String host, String step, long nanos) {
                first.record(host, step, nanos);
                second.record(host, step, nanos);
            }

            @Override
            public void started(String host, String step) {
                first.started(host, step);
                second.started(host, step);
            }

            @Override
            public void ended(String host, String step, long nanos, boolean completed) {
                first.ended(host, step, nanos, completed);
                second.ended(host, step, nanos, completed);
            }
        };
    }

    /** A step that may fail with a checked exception. */
    @FunctionalInterface
    interface Step<T, E extends Exception> {
        T run() throws E;
    }
}
