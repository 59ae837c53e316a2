package dev.jitsideploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.inventory.InventoryWorld;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ports a restarted Prosody must listen on before it counts as ready. */
class ServiceControlTest {

    @TempDir
    Path dir;

    @Test
    void prosodysDefaultClientAndHttpPorts() throws Exception {
        assertThat(ServiceControl.prosodyPorts(host(""))).isEqualTo("5222,5280");
    }

    @Test
    void portsTheInventorySetsInProsodysGlobalSettingsCount() throws Exception {
        assertThat(ServiceControl.prosodyPorts(host(
                "        prosody: {global_settings: {c2s_ports: 5223, http_ports: [5281, 5282]}}\n")))
                .isEqualTo("5223,5281");
    }

    private HostConfig host(String hostExtra) throws Exception {
        InventoryWorld world = new InventoryWorld(dir);
        world.secretFile("secret", InventoryWorld.SECRET, "rw-------");
        return new InventoryLoader().load(world.write("inv.yml", InventoryWorld.oneHost("", hostExtra))).hosts()
                .get(0);
    }
}
