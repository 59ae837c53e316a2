package dev.jitsideploy.inventory;

import java.nio.file.Path;

/** Where a value was written in the inventory (1-based line and column), so problems can point at it. */
public record Location(Path file, int line, int column) {

    public InputProblem problem(String message) {
        return new InputProblem(file, line, column, message);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
