package dev.jitsideploy.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML value that remembers where it was written; the inventory is read from these, not from plain maps. */
sealed interface YamlValue {

    Location at();

    /** What the operator would call this kind of value, for "expected X, got Y" messages. */
    String kind();

    enum ScalarType { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    record Scalar(Location at, String text, ScalarType type) implements YamlValue {
        @Override
        public String kind() {
            return switch (type) {
                case STRING -> "a string";
                case INTEGER -> "a whole number";
                case FLOAT -> "a number";
                case BOOLEAN -> "true/false";
                case NULL -> "nothing (null)";
            };
        }
    }

    record Sequence(Location at, List<YamlValue> items) implements YamlValue {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A mapping; {@code keyAt} holds where each key was written. */
    record Mapping(Location at, Map<String, YamlValue> entries, Map<String, Location> keyAt) implements YamlValue {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keyAt = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keyAt));
        }

        static Mapping empty(Location at) {
            return new Mapping(at, Map.of(), Map.of());
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }
}
