package dev.jitsideploy.deploy;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.remote.SudoPassword;
import dev.jitsideploy.secrets.Secret;
import dev.jitsideploy.secrets.SecretResolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The sudo password of each host that logs in through sudo: its inventory's, else the one asked on the console. */
public final class SudoPasswords {

    private final Map<String, SudoPassword> byHost;

    private SudoPasswords(Map<String, SudoPassword> byHost) {
        this.byHost = Map.copyOf(byHost);
    }

    /** No host has a sudo password: sudo must need none. */
    public static SudoPasswords none() {
        return new SudoPasswords(Map.of());
    }

    /**
     * Resolves {@code ssh.sudo_password} of every host with {@code ssh.sudo} (all problems at once, each located at
     * its reference); a host without one gets {@code asked} (--ask-become-pass), if any.
     */
    public static SudoPasswords of(List<HostConfig> hosts, SecretResolver secrets, Optional<SudoPassword> asked)
            throws InvalidInputException {
        Map<String, SudoPassword> byHost = new HashMap<>();
        List<InputProblem> problems = new ArrayList<>();
        for (HostConfig host : hosts) {
            if (!host.ssh().sudo()) {
                continue;
            }
            if (host.ssh().sudoPassword() == null) {
                asked.ifPresent(password -> byHost.put(host.name(), password));
                continue;
            }
            try {
                Secret secret = secrets.resolve(host.ssh().sudoPassword());
                if (secret.reveal().contains("\n") || secret.reveal().contains("\r")) {
                    problems.add(host.ssh().sudoPassword().at().problem("the sudo password in "
                            + secret.source() + " has more than one line; keep only the password"));
                    continue;
                }
                byHost.put(host.name(), new SudoPassword(secret.reveal(), secret.source()));
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.stream().distinct().toList());
        }
        return new SudoPasswords(byHost);
    }

    /** The host's sudo password; null when it has none. */
    SudoPassword of(String host) {
        return byHost.get(host);
    }
}
