package dev.jitsideploy.cli;

import dev.jitsideploy.deploy.HostOutcome;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.Inventory;
import dev.jitsideploy.plan.SavedHostPlan;
import dev.jitsideploy.plan.SavedPlan;
import dev.jitsideploy.plan.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What {@code plan --out} and {@code apply FILE} share: a saved plan made from this run's plans, and the check that
 * a saved plan still holds for the inventory, the tool and every host (Terraform's "saved plan is stale").
 */
final class SavedPlans {

    private SavedPlans() {
    }

    /** The saved form of this run's plans (every host planned). */
    static SavedPlan of(Inventory inventory, List<HostOutcome> planned) throws IOException {
        return SavedPlan.of(BuildInfo.current().line(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                identity(inventory), planned.stream().map(outcome -> SavedHostPlan.of(outcome.plan().orElseThrow()))
                        .toList());
    }

    /**
     * Refuses a plan made from another inventory file, from this one before an edit, or by another version of the
     * tool: each would apply something nobody reviewed. Checked before any host is contacted.
     */
    static void checkMadeFrom(Path planFile, SavedPlan plan, Inventory inventory) throws InvalidInputException,
            IOException {
        SavedPlan.InventoryIdentity now = identity(inventory);
        List<InputProblem> problems = new ArrayList<>();
        if (!plan.inventory().path().equals(now.path())) {
            problems.add(InputProblem.inFile(planFile, "made from the inventory " + plan.inventory().path()
                    + ", not " + now.path() + "; apply it with -i " + plan.inventory().path()
                    + " or make a new plan with 'plan --out'"));
        } else if (!plan.inventory().sha256().equals(now.sha256())) {
            problems.add(InputProblem.inFile(planFile, "the inventory " + now.path() + " changed since the plan"
                    + " was made; make a new plan with 'plan --out'"));
        }
        String tool = BuildInfo.current().line();
        if (!plan.tool().equals(tool)) {
            problems.add(InputProblem.inFile(planFile, "made by " + plan.tool() + ", this is " + tool
                    + "; make a new plan with this version"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    /**
     * Why the hosts planned afresh are not what {@code plan} saved, one line each (the host's own changes, or what
     * renders differently now); empty when applying them does exactly what was saved.
     */
    static List<String> differences(SavedPlan plan, List<HostOutcome> planned) {
        Map<String, HostOutcome> byHost = planned.stream()
                .collect(Collectors.toMap(HostOutcome::host, Function.identity()));
        List<String> differences = new ArrayList<>();
        for (SavedHostPlan saved : plan.hosts()) {
            HostOutcome now = byHost.get(saved.host());
            if (now == null || now.plan().isEmpty() || !now.plan().get().preflightPassed()) {
                differences.add(saved.host() + " could not be planned again to check it: "
                        + (now == null ? "not selected" : now.error().orElse("preflight failed")));
            } else {
                differences.addAll(saved.differencesFrom(SavedHostPlan.of(now.plan().get())));
            }
        }
        return differences;
    }

    private static SavedPlan.InventoryIdentity identity(Inventory inventory) throws IOException {
        Path file = inventory.file().toAbsolutePath().normalize();
        return new SavedPlan.InventoryIdentity(file.toString(), Sha256.hex(Files.readAllBytes(file)));
    }
}
