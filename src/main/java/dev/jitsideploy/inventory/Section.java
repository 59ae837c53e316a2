package dev.jitsideploy.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, checked access to one mapping of the inventory. Unknown keys are reported when the section is opened;
 * a value of the wrong type is reported where it was written and read as absent, so reading goes on and every
 * problem is collected. Each value read is recorded in {@code locations} under its dotted path.
 */
final class Section {

    /** Up to 9 digits: a day is 86,400,000 ms, so nothing sensible is longer, and the number cannot overflow. */
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)?");

    private final YamlValue.Mapping map;
    private final String path;
    private final List<InputProblem> problems;
    private final Map<String, Location> locations;

    Section(YamlValue.Mapping map, String path, Collection<String> allowed, List<InputProblem> problems,
            Map<String, Location> locations) {
        this.map = map;
        this.path = path;
        this.problems = problems;
        this.locations = locations;
        for (String key : map.entries().keySet()) {
            if (!allowed.contains(key)) {
                problems.add(map.keyAt().get(key).problem("unknown key " + Shown.quoted(key) + where()
                        + Suggestion.didYouMean(key, allowed) + (allowed.isEmpty() ? ""
                        : " (allowed: " + String.join(", ", allowed) + ")")));
            }
        }
    }

    /** An empty section, for a mapping that is absent. */
    static Section absent(Location at, String path, Collection<String> allowed, List<InputProblem> problems,
                          Map<String, Location> locations) {
        return new Section(YamlValue.Mapping.empty(at), path, allowed, problems, locations);
    }

    private String where() {
        return path.isEmpty() ? "" : " in " + path;
    }

    /** The dotted path of {@code key} in this section, e.g. auth.app_secret. */
    String name(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Location at() {
        return map.at();
    }

    /** Where {@code key}'s value is, or this section's location when the key is absent. */
    Location at(String key) {
        YamlValue value = map.entries().get(key);
        return value == null ? map.at() : value.at();
    }

    boolean has(String key) {
        YamlValue value = map.entries().get(key);
        return value != null && !isNull(value);
    }

    YamlValue raw(String key) {
        YamlValue value = map.entries().get(key);
        if (value != null) {
            locations.put(name(key), value.at());
        }
        return value == null || isNull(value) ? null : value;
    }

    private static boolean isNull(YamlValue value) {
        return value instanceof YamlValue.Scalar scalar && scalar.type() == YamlValue.ScalarType.NULL;
    }

    private void wrongType(String key, YamlValue value, String expected, String example) {
        problems.add(value.at().problem(name(key) + " must be " + expected + ", not " + value.kind()
                + "; write e.g. " + name(key).replaceAll(".*\\.", "") + ": " + example));
    }

    /** A string value; numbers and booleans are refused (quote them if they are meant as text). */
    String string(String key, String defaultValue) {
        YamlValue value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof YamlValue.Scalar scalar && scalar.type() == YamlValue.ScalarType.STRING) {
            return scalar.text();
        }
        wrongType(key, value, "a string", "\"...\"");
        return defaultValue;
    }

    String requiredString(String key, String example) {
        String value = string(key, null);
        if (value == null && !has(key)) {
            problems.add(at().problem(name(key) + " is missing; add it, e.g. " + key + ": " + example));
        }
        return value;
    }

    boolean bool(String key, boolean defaultValue) {
        YamlValue value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof YamlValue.Scalar scalar && scalar.type() == YamlValue.ScalarType.BOOLEAN) {
            return List.of("true", "yes", "on").contains(scalar.text().toLowerCase());
        }
        wrongType(key, value, "true or false", "true");
        return defaultValue;
    }

    int integer(String key, int defaultValue, int min, int max) {
        YamlValue value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof YamlValue.Scalar scalar && scalar.type() == YamlValue.ScalarType.INTEGER) {
            try {
                int parsed = Integer.parseInt(scalar.text().replace("_", ""));
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // out of int range: reported below like any other out-of-range number
            }
            problems.add(value.at().problem(name(key) + " must be between " + min + " and " + max + "; got "
                    + Shown.quoted(scalar.text())));
            return defaultValue;
        }
        wrongType(key, value, "a whole number", String.valueOf(defaultValue));
        return defaultValue;
    }

    /** A duration like {@code 10s}, {@code 500ms}, {@code 2m}, or a whole number of seconds. */
    Duration duration(String key, Duration defaultValue) {
        YamlValue value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof YamlValue.Scalar scalar && (scalar.type() == YamlValue.ScalarType.STRING
                || scalar.type() == YamlValue.ScalarType.INTEGER)) {
            Matcher matcher = DURATION.matcher(scalar.text().trim());
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                String unit = matcher.group(2) == null ? "s" : matcher.group(2);
                Duration duration = switch (unit) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofSeconds(amount);
                };
                if (!duration.isZero()) {
                    return duration;
                }
            }
        }
        problems.add(value.at().problem(name(key) + " must be a positive duration such as 10s, 500ms or 2m"));
        return defaultValue;
    }

    /** A list of strings; a single string is refused (write it as a one-item list). */
    List<String> strings(String key) {
        YamlValue value = raw(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof YamlValue.Sequence sequence)) {
            wrongType(key, value, "a list of strings", "[a, b]");
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (YamlValue item : sequence.items()) {
            if (item instanceof YamlValue.Scalar scalar && scalar.type() == YamlValue.ScalarType.STRING
                    && !scalar.text().isEmpty()) {
                result.add(scalar.text());
            } else {
                problems.add(item.at().problem("each item of " + name(key) + " must be a non-empty string, not "
                        + item.kind()));
            }
        }
        return result;
    }

    /** A nested mapping; absent gives an empty section, anything else is a type error. */
    Section section(String key, Collection<String> allowed) {
        YamlValue value = raw(key);
        if (value instanceof YamlValue.Mapping mapping) {
            return new Section(mapping, name(key), allowed, problems, locations);
        }
        if (value != null) {
            wrongType(key, value, "a mapping", "{...}");
        }
        return absent(at(key), name(key), allowed, problems, locations);
    }

    /** A mapping of free-form values (config.js extras), converted to plain Java values. */
    Map<String, Object> freeForm(String key) {
        YamlValue value = raw(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof YamlValue.Mapping mapping)) {
            wrongType(key, value, "a mapping", "{disableAudioLevels: true}");
            return Map.of();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        mapping.entries().forEach((k, v) -> result.put(k, plain(v)));
        return result;
    }

    private Object plain(YamlValue value) {
        if (value instanceof YamlValue.Mapping mapping) {
            Map<String, Object> result = new LinkedHashMap<>();
            mapping.entries().forEach((k, v) -> result.put(k, plain(v)));
            return result;
        }
        if (value instanceof YamlValue.Sequence sequence) {
            List<Object> result = new ArrayList<>();
            sequence.items().forEach(item -> result.add(plain(item)));
            return result;
        }
        YamlValue.Scalar scalar = (YamlValue.Scalar) value;
        try {
            return switch (scalar.type()) {
                case BOOLEAN -> List.of("true", "yes", "on").contains(scalar.text().toLowerCase());
                case INTEGER -> Long.parseLong(scalar.text().replace("_", ""));
                case FLOAT -> finite(Double.parseDouble(scalar.text().replace("_", "")));
                case NULL -> ConfigJsSettings.Null.VALUE;
                case STRING -> scalar.text();
            };
        } catch (NumberFormatException e) {
            problems.add(scalar.at().problem("cannot read the number " + Shown.quoted(scalar.text())
                    + "; write it as a plain decimal number (JavaScript has no infinity or NaN literal) or quote it"));
            return scalar.text();
        }
    }

    /** config.js has no literal for infinity or NaN, and a number too large for a double reads as infinity. */
    private static double finite(double value) {
        if (!Double.isFinite(value)) {
            throw new NumberFormatException("not finite");
        }
        return value;
    }
}
