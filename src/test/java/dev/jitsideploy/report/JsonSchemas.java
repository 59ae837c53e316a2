package dev.jitsideploy.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The published schemas (docs/schema/*.schema.json) as tests use them: which schema a document claims (by its
 * command, or failure for a document with an exit_code) and an assertion that it follows it.
 */
public final class JsonSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIRECTORY = Path.of("docs/schema").toAbsolutePath();

    private JsonSchemas() {
    }

    /** The schema's name (run, verify, validate, keys-list, failure) a document is checked against. */
    public static String schemaOf(JsonNode document) {
        if (document.has("exit_code")) {
            return "failure";
        }
        return switch (document.path("command").asText()) {
            case "plan", "apply", "rollback", "rotate" -> "run";
            case "keys list" -> "keys-list";
            default -> document.path("command").asText();
        };
    }

    /** Asserts the (one-line) JSON document follows its schema and returns the schema's name. */
    public static String assertValid(String json) {
        try {
            JsonNode document = JSON.readTree(json);
            String name = schemaOf(document);
            Path file = DIRECTORY.resolve(name + ".schema.json");
            assertThat(file).as("schema for %s", name).exists();
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(Files.readString(file));
            Set<ValidationMessage> errors = schema.validate(document);
            assertThat(errors).as("%s document against docs/schema/%s.schema.json: %s", document.path("command"),
                    name, json).isEmpty();
            assertThat(document.path("schema_version").asInt()).isEqualTo(JsonDocument.SCHEMA_VERSION);
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
