package dev.jitsideploy.remote;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The one timer thread of the run's SSH connections: every connection's keep-alives ({@link SshKeepAlive}) and every
 * command's local deadline ({@link RemoteHost}) are small tasks on it, instead of a thread per connection or per
 * command, so a run's threads grow with {@code --forks}, not with what each host does. Its tasks are short.
 */
final class SshTimer {

    static final ScheduledExecutorService SHARED = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ssh-timer");
        thread.setDaemon(true);
        return thread;
    });

    private SshTimer() {
    }
}
