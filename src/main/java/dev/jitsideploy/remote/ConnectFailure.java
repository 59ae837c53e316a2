package dev.jitsideploy.remote;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

/**
 * Why a connection could not be made, in the operator's words: refused, no route, a name that does not resolve, or
 * silence until the timeout, and after how long. "Cannot reach ... within 10 s" for a refusal after a millisecond
 * sends the operator looking for a slow network instead of a stopped sshd.
 */
final class ConnectFailure {

    private ConnectFailure() {
    }

    /** E.g. {@code cannot reach 127.0.0.4:22: connection refused (after 0.0 s)}. */
    static String describe(String address, int port, Throwable failure, Duration elapsed, Duration timeout) {
        String where = "cannot reach " + address + ":" + port + ": ";
        String after = " (after " + seconds(elapsed) + ")";
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return where + "connection refused (nothing listens there, or a firewall rejects it)" + after;
            }
            if (cause instanceof NoRouteToHostException) {
                return where + "no route to host" + after;
            }
            if (cause instanceof UnknownHostException) {
                return where + "the name " + address + " does not resolve (DNS)" + after;
            }
            if (cause instanceof SocketTimeoutException) {
                return where + "no answer within " + seconds(timeout) + " (timed out)";
            }
        }
        // SSHJ reports a silent peer during key exchange as its own exception; the clock tells it apart.
        if (elapsed.compareTo(timeout) >= 0) {
            return where + "no answer within " + seconds(timeout) + " (timed out; " + name(failure) + ")";
        }
        return where + name(failure) + after;
    }

    private static String name(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null || message.isBlank() ? ""
                : ": " + (message.length() <= 200 ? message : message.substring(0, 200) + "..."));
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
