package dev.jitsideploy.report;

import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.render.RenderedFile;
import dev.jitsideploy.render.RenderedHost;
import java.util.List;

/**
 * validate's JSON (docs/schema/validate.schema.json): each selected host with the files it renders to, and the
 * warnings (a secret that could not be checked here, ...). Bad input is a failure document instead (exit 2).
 */
public record ValidateDocument(int schemaVersion, String command, List<HostJson> hosts, List<ProblemJson> warnings,
                               List<ProblemJson> errors) {

    public static ValidateDocument of(List<RenderedHost> hosts, List<InputProblem> warnings) {
        return new ValidateDocument(JsonDocument.SCHEMA_VERSION, "validate", hosts.stream().map(HostJson::of).toList(),
                ProblemJson.of(warnings), List.of());
    }

    /** A host that renders, and the remote paths of its files. */
    record HostJson(String host, String domain, List<String> files) {
        static HostJson of(RenderedHost host) {
            return new HostJson(host.host().name(), host.host().domain(),
                    host.files().stream().map(RenderedFile::remotePath).toList());
        }
    }
}
