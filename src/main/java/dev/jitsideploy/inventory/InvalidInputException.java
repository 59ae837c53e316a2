package dev.jitsideploy.inventory;

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

    public List<InputProblem> problems() {
        return problems;
    }
}
