package dev.jitsideploy.report;

import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.rollout.RolloutResult;
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

    /** The kind's own fields of the {@code rotation} object, with the hosts taken back. */
    RunDocument.RotationJson rotationJson();

    default String recapText() {
        return runReport().recapText();
    }

    /** The JSON document (docs/schema/run.schema.json, command rotate) with the inventory's warnings. */
    default String toJson(List<InputProblem> warnings) {
        return JsonDocument.write(RunDocument.of(runReport(), rotationJson(), ProblemJson.of(warnings)));
    }

    /** The hosts a failed rotation put back on the old configuration, sorted. */
    default List<String> takenBack() {
        return rollout().undone().keySet().stream().sorted().toList();
    }

    private RunReport runReport() {
        RolloutResult rollout = rollout();
        return new RunReport("rotate", rollout.hosts(), rollout.gates(), rollout.undone());
    }
}
