package nl.toegang.realm;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Reads a realm file into a SnakeYAML node tree, never into Java objects: composing only builds nodes (with line
 * marks), so no YAML tag can make us instantiate a class. Limits keep a hostile or broken file from exhausting memory.
 */
final class RealmYamlReader {
    static final int MAX_FILE_SIZE = 1024 * 1024;

    /** Plain YAML values and collections; everything else (!!binary, !!set, !custom, global tags) is refused. */
    private static final Set<Tag> ALLOWED_TAGS = Set.of(
            Tag.STR, Tag.INT, Tag.BOOL, Tag.FLOAT, Tag.NULL, Tag.TIMESTAMP, Tag.SEQ, Tag.MAP);

    private RealmYamlReader() {
    }

    /** @return the document's root node, never null */
    static Node read(Path file) {
        String text = readText(file);
        Node root;
        try {
            root = new Yaml(new SafeConstructor(loaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw syntaxError(file, e);
        } catch (YAMLException e) {
            throw new RealmFileException(file, 0, "invalid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new RealmFileException(file, 0,
                    "the file is empty; a realm file declares at least 'name' and 'displayName'");
        }
        checkTags(file, root, Collections.newSetFromMap(new IdentityHashMap<>()));
        return root;
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(10); // anchors are handy for shared lists; "billion laughs" is not
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(MAX_FILE_SIZE);
        options.setMergeOnCompose(false); // keep << visible so it is reported, not silently merged
        options.setTagInspector(tag -> false);
        return options;
    }

    private static String readText(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_SIZE) {
                throw new RealmFileException(file, 0, "the file is larger than " + MAX_FILE_SIZE / 1024
                        + " KiB; a realm file this big is almost certainly a mistake");
            }
            String text = Files.readString(file); // UTF-8, malformed input is an error
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new RealmFileException(file, 0, "the file is not valid UTF-8");
        } catch (NoSuchFileException e) {
            throw new RealmFileException(file, 0, "the file does not exist");
        } catch (IOException e) {
            throw new RealmFileException(file, 0, "cannot read the file: " + e);
        }
    }

    private static RealmFileException syntaxError(Path file, MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        int line = mark == null ? 0 : mark.getLine() + 1;
        String snakeProblem = e.getProblem() == null ? "" : e.getProblem();
        if (snakeProblem.startsWith("but found another document")) {
            return new RealmFileException(file, line,
                    "a realm file holds exactly one YAML document; remove the '---' separator or split the file");
        }
        if (snakeProblem.startsWith("Global tag is not allowed")) {
            return new RealmFileException(file, line,
                    "YAML tags that name Java classes or other global tags are not allowed in realm files");
        }
        // Only SnakeYAML's short descriptions: its full message quotes the source line, which may hold a secret.
        StringBuilder problem = new StringBuilder("invalid YAML: ");
        problem.append(e.getProblem() != null ? e.getProblem() : "syntax error");
        if (e.getContext() != null) {
            problem.append(" (").append(e.getContext());
            if (e.getContextMark() != null && e.getContextMark() != mark) {
                problem.append(" on line ").append(e.getContextMark().getLine() + 1);
            }
            problem.append(')');
        }
        return new RealmFileException(file, line, problem.toString());
    }

    private static void checkTags(Path file, Node node, Set<Node> seen) {
        if (!seen.add(node)) {
            return; // an alias to a node already checked
        }
        if (!ALLOWED_TAGS.contains(node.getTag()) && !node.getTag().equals(Tag.MERGE)) {
            throw new RealmFileException(file, ParseContext.lineOf(node),
                    "YAML tag '" + display(node.getTag()) + "' is not allowed in realm files; use plain values");
        }
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                checkTags(file, tuple.getKeyNode(), seen);
                checkTags(file, tuple.getValueNode(), seen);
            }
        } else if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                checkTags(file, item, seen);
            }
        }
    }

    private static String display(Tag tag) {
        String value = tag.getValue();
        return value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
    }
}
