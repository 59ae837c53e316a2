package dev.jitsideploy.plan;

import java.util.List;
import java.util.Objects;

/**
 * A plan as {@code plan --out} saves it and {@code apply FILE} applies it (docs/schema/plan.schema.json): per host
 * the sha256 of each managed file now and as planned, owner/mode, deletions and restarts, plus what identifies the
 * inventory and the tool. It holds no secret and no file content: apply renders again and applies only when every
 * host and every rendered file still matches ({@link SavedHostPlan#differencesFrom}).
 *
 * @param format        always {@link #FORMAT}: tells a plan file from any other JSON
 * @param formatVersion {@link #FORMAT_VERSION}; goes up with an incompatible change
 * @param tool          the jitsi-deploy version that made it (apply refuses a plan of another version)
 * @param created       when it was made (UTC, ISO-8601)
 * @param inventory     the inventory it was made from
 * @param hosts         the hosts planned, in inventory order
 * @param checksum      sha256 of the plan with this field empty ({@link PlanFile}): a hand edit shows
 */
public record SavedPlan(String format, int formatVersion, String tool, String created, InventoryIdentity inventory,
                        List<SavedHostPlan> hosts, String checksum) {

    public static final String FORMAT = "jitsi-deploy-plan";
    public static final int FORMAT_VERSION = 1;

    public SavedPlan {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(checksum, "checksum");
        hosts = List.copyOf(hosts);
    }

    /**
     * The inventory file a plan was made from: apply refuses another one, or this one edited since.
     *
     * @param path   its absolute path
     * @param sha256 sha256 of its bytes
     */
    public record InventoryIdentity(String path, String sha256) {
        public InventoryIdentity {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /** A new plan (its checksum is filled in when it is written). */
    public static SavedPlan of(String tool, String created, InventoryIdentity inventory, List<SavedHostPlan> hosts) {
        return new SavedPlan(FORMAT, FORMAT_VERSION, tool, created, inventory, hosts, "");
    }

    SavedPlan withChecksum(String value) {
        return new SavedPlan(format, formatVersion, tool, created, inventory, hosts, value);
    }

    /** The hosts' names, in plan order. */
    public List<String> hostNames() {
        return hosts.stream().map(SavedHostPlan::host).toList();
    }
}
