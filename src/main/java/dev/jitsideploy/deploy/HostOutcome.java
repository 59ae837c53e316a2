package dev.jitsideploy.deploy;

import dev.jitsideploy.plan.HostPlan;
import dev.jitsideploy.plan.Restart;
import java.util.List;
import java.util.Optional;

/**
 * What happened on one host in one run of plan, apply or rollback; the report shows it as text or JSON.
 *
 * @param host      the inventory's host name
 * @param status    the verdict
 * @param plan      the plan computed for the host (empty when the host could not be planned)
 * @param written   paths changed: written or deleted (apply), restored or removed (rollback)
 * @param restarted services restarted, in order
 * @param restored  after a failed restart, the previous files were put back (and services restarted again)
 * @param error     why the host failed (safe to show: no file contents, no secrets)
 * @param millis    wall-clock time spent on the host
 */
public record HostOutcome(String host, Status status, Optional<HostPlan> plan, List<String> written,
                          List<Restart> restarted, boolean restored, Optional<String> error, long millis) {

    public enum Status {
        /** Nothing to do (plan: no changes; apply: nothing changed). */
        OK,
        /** plan: changes pending; apply/rollback: changes made. */
        CHANGED,
        /** Something went wrong on the host (unreachable, preflight, validation, write, restart). */
        FAILED,
        /** Not attempted: an earlier --serial batch failed. */
        SKIPPED
    }

    public HostOutcome {
        written = List.copyOf(written);
        restarted = List.copyOf(restarted);
    }

    static HostOutcome failed(String host, Optional<HostPlan> plan, List<String> written, List<Restart> restarted,
                              boolean restored, String error, long millis) {
        return new HostOutcome(host, Status.FAILED, plan, written, restarted, restored, Optional.of(error), millis);
    }
}
