package dev.jitsideploy.inventory;

import java.util.Comparator;
import java.util.List;

/** Bad input: all problems found, not only the first. Nothing has been changed on any host when this is thrown. */
public final class InvalidInputException extends Exception {

    private final List<InputProblem> problems;

    public InvalidInputException(List<InputProblem> problems) {
        super(problems.size() + " problem(s) in the input");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidInputException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(InputProblem problem) {
        this(List.of(problem));
    }

    /**
     * Throws {@code problems} (each once, in the order of the file: by line, then column) unless there are none.
     * Problems of several steps over the same input are reported as one list this way.
     */
    public static void throwIfAny(List<InputProblem> problems) throws InvalidInputException {
        List<InputProblem> sorted = problems.stream().distinct().sorted(Comparator.comparingInt(InputProblem::line)
                .thenComparingInt(InputProblem::column)).toList();
        if (!sorted.isEmpty()) {
            throw new InvalidInputException(sorted);
        }
    }

    public List<InputProblem> problems() {
        return problems;
    }
}
