package dev.jitsideploy.cli;

import dev.jitsideploy.lab.LabHost;
import dev.jitsideploy.lab.RunningLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** Copies of the lab inventory for ITs that need a variant of it (other known_hosts, edited templates). */
final class LabInventoryCopy {

    private LabInventoryCopy() {
    }

    /** The lab inventory in {@code work} with client-file paths made absolute and the given text replaced. */
    static Path withReplacements(RunningLab lab, Path work, Map<String, String> replacements) throws IOException {
        String text = Files.readString(lab.inventory());
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            text = text.replace(replacement.getKey(), replacement.getValue());
        }
        text = text.replace("templates: ../templates", "templates: "
                + lab.inventory().getParent().resolveSibling("templates"));
        text = text.replace(" lab/", " " + lab.inventory().getParent().resolve("lab") + "/");
        text = text.replace("{file: lab/", "{file: " + lab.inventory().getParent().resolve("lab") + "/");
        Path copy = work.resolve("inventory.yml");
        Files.writeString(copy, text);
        return copy;
    }

    /**
     * The lab inventory switched to RS256 in {@code work/inventory/inventory.yml}, its key directory
     * {@code work/keys}, and every host's tool state from earlier classes removed (a rollback must not see it).
     */
    static Path rs256(RunningLab lab, Path work) throws IOException, InterruptedException {
        for (LabHost host : lab.hosts()) {
            lab.exec(host, "rm -rf /var/lib/jitsi-deploy/" + host.domain());
        }
        return withReplacements(lab, Files.createDirectories(work.resolve("inventory")), Map.of(
                "    algorithm: HS256\n", "    algorithm: RS256\n    keys_dir: " + work.resolve("keys") + "\n"));
    }

    /** The lab inventory with a copy of the templates in {@code work} whose vhost template is edited. */
    static Path withVhostTemplate(RunningLab lab, Path work, UnaryOperator<String> edit) throws IOException {
        Path templates = work.resolve("templates");
        copyTree(lab.inventory().getParent().resolveSibling("templates"), templates);
        Path vhostTemplate = templates.resolve("prosody-vhost.cfg.lua.ftl");
        Files.writeString(vhostTemplate, edit.apply(Files.readString(vhostTemplate)));
        return withReplacements(lab, work, Map.of("templates: ../templates", "templates: " + templates));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
