package dev.jitsideploy.inventory;

import java.util.List;

/** Prosody modules the operator adds to the ones jitsi-deploy always renders, on the main vhost and on the MUC. */
public record ProsodyExtras(List<String> vhostModules, List<String> mucModules) {

    public ProsodyExtras {
        vhostModules = List.copyOf(vhostModules);
        mucModules = List.copyOf(mucModules);
    }
}
