package dev.jitsideploy.inventory;

import java.nio.file.Path;

/** Reads an inventory file into a validated {@link Inventory}, reporting every problem at once. */
public final class InventoryLoader {

    /**
     * Loads and validates {@code file}. Secrets are not read here (only their references are checked).
     *
     * @throws InvalidInputException with every problem found, each at its file, line and column
     */
    public Inventory load(Path file) throws InvalidInputException {
        throw new InvalidInputException(InputProblem.inFile(file, "not implemented yet"));
    }
}
