package dev.jitsideploy.report;

import dev.jitsideploy.inventory.InputProblem;
import java.util.List;

/**
 * An error or warning in a JSON document: where in the operator's input it is ({@code file}, {@code line},
 * {@code column}; null when it is not about a place in a file) and the same one-line message the text shows.
 */
public record ProblemJson(String file, Integer line, Integer column, String message) {

    public static ProblemJson of(InputProblem problem) {
        return new ProblemJson(problem.file() == null ? null : problem.file().toString(),
                problem.line() > 0 ? problem.line() : null, problem.column() > 0 ? problem.column() : null,
                problem.message());
    }

    /** A problem that is about no file (a host that failed the whole run, a refused connection, ...). */
    public static ProblemJson message(String message) {
        return new ProblemJson(null, null, null, message);
    }

    public static List<ProblemJson> of(List<InputProblem> problems) {
        return problems.stream().map(ProblemJson::of).toList();
    }
}
