package dev.jitsideploy.inventory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a YAML file through SnakeYAML's node API (so every value keeps its line and column) into {@link YamlValue}s.
 * Duplicate keys are found here, all of them, rather than by SnakeYAML's constructor, which stops at the first.
 */
final class YamlTree {

    private final Path file;
    private final List<InputProblem> problems;

    YamlTree(Path file, List<InputProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** The document's root, or null when the file could not be read or parsed (the reason is in the problems). */
    YamlValue read() {
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowRecursiveKeys(false);
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            // Only the problem text and its position: the library's full message quotes the offending line, which
            // could be a secret pasted by mistake.
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : "invalid YAML";
            problems.add(mark == null ? InputProblem.inFile(file, "invalid YAML: " + what)
                    : new InputProblem(file, mark.getLine() + 1, mark.getColumn() + 1,
                    "invalid YAML: " + what + "; fix the syntax at this point"));
            return null;
        } catch (YAMLException e) {
            problems.add(InputProblem.inFile(file, "invalid YAML (" + e.getClass().getSimpleName()
                    + "); check the file's syntax and encoding (UTF-8)"));
            return null;
        } catch (IOException e) {
            problems.add(InputProblem.inFile(file, "cannot read the inventory (" + e.getClass().getSimpleName()
                    + "); check that the file exists and is readable"));
            return null;
        }
        if (root == null) {
            problems.add(InputProblem.inFile(file, "the inventory is empty; see docs/inventory.md for its shape"));
            return null;
        }
        return convert(root);
    }

    private Location at(Node node) {
        Mark mark = node.getStartMark();
        return new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private YamlValue convert(Node node) {
        if (node instanceof MappingNode mapping) {
            return convertMapping(mapping);
        }
        if (node instanceof SequenceNode sequence) {
            List<YamlValue> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                items.add(convert(item));
            }
            return new YamlValue.Sequence(at(node), items);
        }
        ScalarNode scalar = (ScalarNode) node;
        return new YamlValue.Scalar(at(node), scalar.getValue(), typeOf(scalar.getTag()));
    }

    private YamlValue convertMapping(MappingNode mapping) {
        Map<String, YamlValue> entries = new LinkedHashMap<>();
        Map<String, Location> keyAt = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            Location keyLocation = at(keyNode);
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                problems.add(keyLocation.problem("a key must be a plain name, not a list or mapping"));
                continue;
            }
            String key = scalarKey.getValue();
            if (keyAt.containsKey(key)) {
                Location first = keyAt.get(key);
                problems.add(keyLocation.problem("duplicate key '" + key + "' (first written at line " + first.line()
                        + "); keep only one of them"));
                continue;
            }
            keyAt.put(key, keyLocation);
            entries.put(key, convert(tuple.getValueNode()));
        }
        return new YamlValue.Mapping(at(mapping), entries, keyAt);
    }

    private static YamlValue.ScalarType typeOf(Tag tag) {
        if (Tag.INT.equals(tag)) {
            return YamlValue.ScalarType.INTEGER;
        }
        if (Tag.FLOAT.equals(tag)) {
            return YamlValue.ScalarType.FLOAT;
        }
        if (Tag.BOOL.equals(tag)) {
            return YamlValue.ScalarType.BOOLEAN;
        }
        if (Tag.NULL.equals(tag)) {
            return YamlValue.ScalarType.NULL;
        }
        return YamlValue.ScalarType.STRING;
    }
}
