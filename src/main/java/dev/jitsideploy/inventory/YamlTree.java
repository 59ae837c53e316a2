package dev.jitsideploy.inventory;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;
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

    /** Values in the document once every alias is expanded; a real inventory of many hosts has a few thousand. */
    static final long MAX_EXPANDED_VALUES = 100_000;

    private final Path file;
    private final List<InputProblem> problems;

    YamlTree(Path file, List<InputProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** The document's root, or null when the file could not be read or parsed (the reason is in the problems). */
    YamlValue read() {
        String text;
        try {
            text = decode(InputFile.read(file, "the inventory", InputFile.INVENTORY_MAX_BYTES));
        } catch (InputFile.UnusableInputFile e) {
            problems.add(InputProblem.inFile(file, e.getMessage()));
            return null;
        } catch (MalformedText e) {
            problems.add(new InputProblem(file, e.line, e.column, "the inventory is not UTF-8 text here; save the"
                    + " file as UTF-8"));
            return null;
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowRecursiveKeys(false);
        // The file is already capped; SnakeYAML's own limit must not be what stops a file within that cap.
        options.setCodePointLimit((int) InputFile.INVENTORY_MAX_BYTES + 1);
        LastEvent parser = new LastEvent(new ParserImpl(new StreamReader(text), options));
        Node root;
        try {
            root = new Composer(parser, new Resolver(), options).getSingleNode();
        } catch (MarkedYAMLException e) {
            // Only the problem text and its position: the library's full message quotes the offending line, which
            // could be a secret pasted by mistake.
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : "invalid YAML";
            problems.add(mark == null ? parser.problem("invalid YAML: " + what)
                    : new InputProblem(file, mark.getLine() + 1, mark.getColumn() + 1,
                    "invalid YAML: " + what + "; fix the syntax at this point"));
            return null;
        } catch (ReaderException e) {
            int[] lineAndColumn = lineAndColumn(text, e.getPosition());
            problems.add(new InputProblem(file, lineAndColumn[0], lineAndColumn[1], "invalid YAML: character U+"
                    + String.format("%04X", e.getCodePoint()) + " is not allowed in YAML; remove it or write it"
                    + " as an escape in a double-quoted string"));
            return null;
        } catch (YAMLException e) {
            // Limits of the composer (aliases, nesting depth) carry no position: the last event read has it. Their
            // messages are SnakeYAML's own words about the limit, never text of the file.
            problems.add(parser.problem("invalid YAML: " + e.getMessage() + "; simplify the file at this point"));
            return null;
        }
        if (root == null) {
            problems.add(InputProblem.inFile(file, "the inventory is empty; see docs/inventory.md for its shape"));
            return null;
        }
        if (!new AliasExpansion().fits(root)) {
            return null;
        }
        return convert(root);
    }

    /** Strict UTF-8: a malformed byte is an error at its line and column, not a replacement character. */
    private static String decode(byte[] bytes) throws MalformedText {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            String before = new String(bytes, 0, in.position(), StandardCharsets.UTF_8);
            int[] lineAndColumn = lineAndColumn(before, before.codePointCount(0, before.length()));
            throw new MalformedText(lineAndColumn[0], lineAndColumn[1]);
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** 1-based line and column of the code point at {@code position} (SnakeYAML's reader counts code points). */
    private static int[] lineAndColumn(String text, int position) {
        int line = 1;
        int column = 1;
        int index = 0;
        for (int seen = 0; seen < position && index < text.length(); seen++) {
            int c = text.codePointAt(index);
            index += Character.charCount(c);
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    /** Bytes that are not UTF-8, at a line and column. */
    private static final class MalformedText extends Exception {
        final int line;
        final int column;

        MalformedText(int line, int column) {
            super(null, null, false, false);
            this.line = line;
            this.column = column;
        }
    }

    /** SnakeYAML's parser, remembering the last event it produced so errors without a position still get one. */
    private final class LastEvent implements Parser {
        private final Parser parser;
        private Event last;

        LastEvent(Parser parser) {
            this.parser = parser;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return parser.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return parser.peekEvent();
        }

        @Override
        public Event getEvent() {
            last = parser.getEvent();
            return last;
        }

        InputProblem problem(String message) {
            if (last == null || last.getStartMark() == null) {
                return new InputProblem(file, 1, 1, message);
            }
            Mark mark = last.getStartMark();
            return new InputProblem(file, mark.getLine() + 1, mark.getColumn() + 1, message);
        }
    }

    /**
     * Aliases make the composed document a graph: a value may be reached many times (nested aliases grow it
     * exponentially) or contain itself. Before the graph is turned into a tree, its expanded size is counted in
     * one pass over the distinct nodes; a value that contains itself, or a document larger than
     * {@link #MAX_EXPANDED_VALUES} once expanded, is refused at the anchor responsible.
     */
    private final class AliasExpansion {
        private final Map<Node, Long> sizes = new IdentityHashMap<>();
        private final Set<Node> open = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        private boolean refused;

        boolean fits(Node root) {
            size(root);
            return !refused;
        }

        private long size(Node node) {
            Long known = sizes.get(node);
            if (known != null) {
                return known;
            }
            if (!open.add(node)) {
                refused = true;
                problems.add(at(node).problem("the value anchored here" + anchorName(node) + " contains itself"
                        + " through an alias; a value cannot include itself, write it out instead"));
                return 0;
            }
            long size = 1;
            for (Node child : children(node)) {
                if (refused) {
                    break;
                }
                size = Math.min(size + size(child), MAX_EXPANDED_VALUES + 1);
            }
            open.remove(node);
            if (size > MAX_EXPANDED_VALUES && !refused) {
                refused = true;
                problems.add(at(node).problem("the aliases in this value expand to more than " + MAX_EXPANDED_VALUES
                        + " values; use fewer nested aliases (an inventory needs far less)"));
            }
            sizes.put(node, size);
            return size;
        }

        private static String anchorName(Node node) {
            return node.getAnchor() == null ? "" : " (&" + Shown.escaped(node.getAnchor()) + ")";
        }

        private static List<Node> children(Node node) {
            if (node instanceof SequenceNode sequence) {
                return sequence.getValue();
            }
            if (node instanceof MappingNode mapping) {
                List<Node> nodes = new ArrayList<>();
                for (NodeTuple tuple : mapping.getValue()) {
                    nodes.add(tuple.getKeyNode());
                    nodes.add(tuple.getValueNode());
                }
                return nodes;
            }
            return List.of();
        }
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
                problems.add(keyLocation.problem("duplicate key " + Shown.quoted(key) + " (first written at line "
                        + first.line() + "); keep only one of them"));
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
