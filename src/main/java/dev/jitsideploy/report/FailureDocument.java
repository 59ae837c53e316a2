package dev.jitsideploy.report;

import java.util.List;

/**
 * The JSON of a run that stopped before it had a result (docs/schema/failure.schema.json): bad input (exit 2, each
 * problem with its file, line and column) or a failure of the run as a whole (exit 1).
 */
public record FailureDocument(int schemaVersion, String command, int exitCode, List<ProblemJson> errors,
                              List<ProblemJson> warnings) {

    public FailureDocument(String command, int exitCode, List<ProblemJson> errors) {
        this(JsonDocument.SCHEMA_VERSION, command, exitCode, List.copyOf(errors), List.of());
    }
}
