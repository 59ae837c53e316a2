package dev.jitsideploy.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes the JSON documents of the tool ({@code --json}) from their records with Jackson: one compact line per
 * document, field names in snake_case, fields in the records' order. The shape of each document is published as a
 * JSON Schema in docs/schema/; {@link #SCHEMA_VERSION} is in every document and goes up with an incompatible change.
 */
public final class JsonDocument {

    /** The version of docs/schema/*.schema.json the documents follow. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private JsonDocument() {
    }

    /** The document as one line of JSON with a newline. */
    public static String write(Object document) {
        try {
            return MAPPER.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            // Only our records of strings, numbers, booleans and lists are written: this cannot happen.
            throw new IllegalStateException("a report record could not be written as JSON", e);
        }
    }
}
