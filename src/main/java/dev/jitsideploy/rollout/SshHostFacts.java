package dev.jitsideploy.rollout;

import dev.jitsideploy.deploy.Deployment;
import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.verify.HostFacts;
import java.util.List;

/** A host's facts for the probe's diagnosis, read over the run's SSH connection to it. */
public record SshHostFacts(Deployment deployment, HostConfig host) implements HostFacts {

    @Override
    public String focusRosterDiagnosis() {
        return deployment.focusRosterDiagnosis(host);
    }

    @Override
    public List<String> moduleLoadErrors() {
        return deployment.moduleLoadErrors(host);
    }

    @Override
    public List<String> prosodyLogTail(int lines) {
        return deployment.prosodyLogTail(host, lines);
    }
}
