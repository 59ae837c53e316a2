package dev.jitsideploy.cli;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.secrets.CredentialedInventory;
import dev.jitsideploy.secrets.SecretResolver;
import dev.jitsideploy.verify.HostCheck;
import dev.jitsideploy.verify.KeyCheck;
import dev.jitsideploy.verify.ProbeRunner;
import dev.jitsideploy.verify.ProbeTarget;
import dev.jitsideploy.verify.ProbeTransport;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The servers' own answer to a token signed with one key, for the ITs of key publication and rotation. */
final class ServerTokenChecks {

    private ServerTokenChecks() {
    }

    /** One fresh BOSH session per check, judged by the host's SASL answer. */
    static HostCheck run(ProbeTarget target, KeyCheck check) {
        return new ProbeRunner(Clock.systemUTC()).run(target, check, ProbeTransport.BOSH);
    }

    /** Every host of the inventory as the probe sees it (signing with its newest key). */
    static List<ProbeTarget> targets(Path inventory) throws Exception {
        List<ProbeTarget> targets = new ArrayList<>();
        CredentialedInventory loaded = CredentialedInventory.load(inventory, null,
                new SecretResolver(System.getenv()), true);
        for (HostConfig host : loaded.hosts()) {
            targets.add(ProbeTarget.forHost(host, loaded.credentials().of(host)));
        }
        return targets;
    }
}
