package dev.jitsideploy.report;

import dev.jitsideploy.rotate.RolloutResult;
import java.util.List;

/**
 * A rotation for people and machines: the per-host recap of its rollout (apply, gate, rollbacks), the verdict for the
 * fleet, and the JSON: {@code apply}'s host objects plus a {@code rotation} object with the kind's own fields and
 * the hosts taken back.
 */
public sealed interface RotationReport permits SecretRotationReport, KeyRotationReport {

    /** The rollout the report is about. */
    RolloutResult rollout();

    /** The fleet's verdict, one line per fact. */
    List<String> verdict();

    boolean failed();

    /** The kind's own fields of the {@code rotation} object ({@code "rotated":true,...}), already JSON. */
    String rotationFields();

    default String recapText() {
        return runReport().recapText();
    }

    default String toJson() {
        RolloutResult rollout = rollout();
        return runReport().toJson(",\"rotation\":{" + rotationFields()
                + ",\"taken_back\":" + Json.strings(rollout.undone().keySet().stream().sorted().toList())
                + ",\"verified_back\":" + Json.strings(rollout.verifiedBack()) + "}");
    }

    private RunReport runReport() {
        RolloutResult rollout = rollout();
        return new RunReport("rotate", rollout.hosts(), rollout.gates(), rollout.undone());
    }
}
