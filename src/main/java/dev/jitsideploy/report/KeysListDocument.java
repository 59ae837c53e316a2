package dev.jitsideploy.report;

import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.secrets.KeyRing;
import dev.jitsideploy.secrets.StoredKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code keys list}'s JSON (docs/schema/keys-list.schema.json): the key directory and each key, published ones first
 * (the newest signs tokens), then the retired ones. Public facts only: no key material.
 */
public record KeysListDocument(int schemaVersion, String command, String keyDirectory, List<KeyJson> keys,
                               List<ProblemJson> warnings, List<ProblemJson> errors) {

    public static KeysListDocument of(KeyRing ring, List<InputProblem> warnings) {
        Optional<StoredKey> newest = ring.newest();
        List<KeyJson> keys = new ArrayList<>();
        for (StoredKey key : ring.published()) {
            keys.add(KeyJson.of(key, newest.isPresent() && newest.get().equals(key)));
        }
        for (StoredKey key : ring.retired()) {
            keys.add(KeyJson.of(key, false));
        }
        return new KeysListDocument(JsonDocument.SCHEMA_VERSION, "keys list", ring.directory().toString(), keys,
                ProblemJson.of(warnings), List.of());
    }

    /** One key: {@code retired} is null while it is published. */
    public record KeyJson(String kid, String publishedAs, String created, boolean newest, String retired) {
        static KeyJson of(StoredKey key, boolean newest) {
            return new KeyJson(key.kid().value(), key.publishedFileName(), key.created().toString(), newest,
                    key.retired() == null ? null : key.retired().toString());
        }
    }
}
