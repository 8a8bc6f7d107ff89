package nl.toegang.realm;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Typed, line-aware access to one YAML mapping of a realm file. Construction rejects unknown and repeated fields,
 * so a typo never silently falls back to a default.
 */
final class YamlMapping {
    private final ParseContext context;
    private final MappingNode node;
    private final String where;
    private final Map<String, NodeTuple> fields = new LinkedHashMap<>();

    /**
     * @param where    phrase that locates the mapping in messages, e.g. "in settings" or "in client 'portal'"
     * @param allowed  the exact field names this mapping may contain
     */
    static YamlMapping of(Node node, String where, List<String> allowed, ParseContext context) {
        if (!(node instanceof MappingNode mapping)) {
            throw context.error(node, "expected a mapping of fields " + where + " (" + String.join(", ", allowed)
                    + "), found " + describe(node));
        }
        context.observer().opened(mapping, allowed);
        return new YamlMapping(mapping, where, allowed, context);
    }

    private YamlMapping(MappingNode node, String where, List<String> allowed, ParseContext context) {
        this.context = context;
        this.node = node;
        this.where = where;
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (keyNode.getTag().equals(Tag.MERGE)) {
                throw context.error(keyNode, "merge keys (<<) are not supported in realm files; write the fields out");
            }
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                throw context.error(keyNode, "field names must be plain words " + where + ", found " + describe(keyNode));
            }
            String key = scalarKey.getValue();
            NodeTuple earlier = fields.get(key);
            if (earlier != null) {
                throw context.error(keyNode, "field '" + key + "' appears twice " + where + " (first on line "
                        + ParseContext.lineOf(earlier.getKeyNode()) + ")");
            }
            if (!allowed.contains(key)) {
                throw context.error(keyNode, "unknown field '" + key + "' " + where + suggestion(key, allowed)
                        + "; allowed fields: " + String.join(", ", allowed));
            }
            fields.put(key, tuple);
        }
    }

    String where() {
        return where;
    }

    /** Line where the mapping starts. */
    int line() {
        return ParseContext.lineOf(node);
    }

    /** Line of the field's name, or of the mapping when the field is absent. */
    int lineOf(String key) {
        NodeTuple tuple = fields.get(key);
        return tuple == null ? line() : ParseContext.lineOf(tuple.getKeyNode());
    }

    /** The field's value node; empty when the field is absent or explicitly empty ({@code key:} or {@code ~}). */
    Optional<Node> node(String key) {
        NodeTuple tuple = fields.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return Optional.empty();
        }
        return Optional.of(tuple.getValueNode());
    }

    Optional<LocatedString> string(String key) {
        return node(key).map(value -> scalar(value, "field '" + key + "' " + where));
    }

    LocatedString requiredString(String key) {
        LocatedString value = string(key).orElseThrow(() -> missing(key));
        if (value.value().isBlank()) {
            throw context.error(value.line(), "field '" + key + "' " + where + " must not be empty");
        }
        return value;
    }

    Optional<Boolean> bool(String key) {
        return string(key).map(value -> switch (value.value().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw context.error(value.line(),
                    "field '" + key + "' " + where + " must be true or false, found '" + value.value() + "'");
        });
    }

    Optional<List<Node>> list(String key) {
        return node(key).map(value -> {
            if (!(value instanceof SequenceNode sequence)) {
                throw context.error(value, "field '" + key + "' " + where + " must be a list, found " + describe(value));
            }
            return sequence.getValue();
        });
    }

    /** A list of single values, e.g. {@code [a, b]} or one {@code - a} per line. */
    Optional<List<LocatedString>> strings(String key) {
        return list(key).map(items -> {
            List<LocatedString> values = new ArrayList<>(items.size());
            for (Node item : items) {
                values.add(scalar(item, "each entry of '" + key + "' " + where));
            }
            return values;
        });
    }

    Optional<YamlMapping> mapping(String key, String nestedWhere, List<String> allowed) {
        return node(key).map(value -> of(value, nestedWhere, allowed, context));
    }

    RealmFileException missing(String key) {
        NodeTuple tuple = fields.get(key);
        if (tuple != null) {
            return context.error(tuple.getKeyNode(), "required field '" + key + "' " + where + " has no value");
        }
        return context.error(line(), "missing required field '" + key + "' " + where);
    }

    private LocatedString scalar(Node value, String what) {
        if (!(value instanceof ScalarNode scalar) || isNull(value)) {
            throw context.error(value, what + " must be a single value, found " + describe(value));
        }
        return new LocatedString(context.text(scalar), ParseContext.lineOf(scalar));
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /** Peeks at a raw scalar field before validation, only to name the mapping in messages. */
    static Optional<String> peek(Node node, String key) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)
                        && tuple.getValueNode() instanceof ScalarNode v && !isNull(v) && !v.getValue().isBlank()) {
                    return Optional.of(v.getValue());
                }
            }
        }
        return Optional.empty();
    }

    /** Line of a field's value in a mapping that has already been read, or of the mapping itself. */
    static int valueLine(Node node, String key) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return ParseContext.lineOf(tuple.getValueNode());
                }
            }
        }
        return ParseContext.lineOf(node);
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node == null || isNull(node)) {
            return "an empty value";
        }
        return "a single value"; // never echo the value: it may be a secret
    }

    /** Catches the usual slips: snake_case, kebab-case or wrong capitals of a valid field. */
    private static String suggestion(String key, List<String> allowed) {
        String normalised = normalise(key);
        return allowed.stream()
                .filter(candidate -> normalise(candidate).equals(normalised))
                .findFirst()
                .map(candidate -> " (did you mean '" + candidate + "'?)")
                .orElse("");
    }

    private static String normalise(String name) {
        return name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }
}
