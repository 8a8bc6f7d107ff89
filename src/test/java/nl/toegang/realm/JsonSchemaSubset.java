package nl.toegang.realm;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON Schema (draft 2020-12) validator for exactly the keywords docs/realm.schema.json uses, because no validator
 * library is available to the build offline. It refuses a schema with any other keyword, so the schema cannot grow a
 * rule this test would silently skip; extend {@link #KEYWORDS} and {@link #validate} together.
 * <p>
 * Instances are YAML read the way editors read it (YAML 1.2 core schema: {@code off} and {@code yes} are text, an
 * unquoted timestamp is text), not the way SnakeYAML's YAML 1.1 resolver would.
 */
final class JsonSchemaSubset {
    static final Set<String> KEYWORDS = Set.of("$schema", "$defs", "$ref", "title", "description", "type",
            "properties", "required", "additionalProperties", "items", "enum", "pattern", "minimum", "maximum",
            "minItems", "minLength", "maxLength", "anyOf");

    private final Map<String, Object> root;

    private JsonSchemaSubset(Map<String, Object> root) {
        this.root = root;
        checkKeywords(root, "#");
    }

    @SuppressWarnings("unchecked")
    static JsonSchemaSubset read(Path file) throws IOException {
        return new JsonSchemaSubset(JsonMapper.builder().build().readValue(Files.readString(file), Map.class));
    }

    Map<String, Object> root() {
        return root;
    }

    /** @return one message per violation, each starting with the JSON pointer of the offending value; empty if valid */
    List<String> validate(Object instance) {
        List<String> errors = new ArrayList<>();
        validate(root, instance, "", errors);
        return errors;
    }

    /** The schema a {@code $ref} names (only local pointers such as {@code #/$defs/duration}). */
    @SuppressWarnings("unchecked")
    Map<String, Object> resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local $ref are supported: " + ref);
        }
        Object target = root;
        for (String part : ref.substring(2).split("/")) {
            target = ((Map<String, Object>) target).get(part.replace("~1", "/").replace("~0", "~"));
            if (target == null) {
                throw new IllegalArgumentException("$ref " + ref + " points nowhere");
            }
        }
        return (Map<String, Object>) target;
    }

    @SuppressWarnings("unchecked")
    private void validate(Map<String, Object> schema, Object value, String at, List<String> errors) {
        if (schema.get("$ref") instanceof String ref) {
            validate(resolve(ref), value, at, errors);
        }
        if (schema.containsKey("type") && !hasType(schema.get("type"), value)) {
            errors.add(at + ": expected " + schema.get("type") + ", found " + describe(value));
            return;
        }
        if (schema.get("enum") instanceof List<?> allowed && allowed.stream().noneMatch(a -> same(a, value))) {
            errors.add(at + ": '" + value + "' is not one of " + allowed);
        }
        if (value instanceof String text) {
            if (schema.get("pattern") instanceof String pattern && !Pattern.compile(pattern).matcher(text).find()) {
                errors.add(at + ": '" + text + "' does not match " + pattern);
            }
            int length = text.codePointCount(0, text.length());
            if (schema.get("minLength") instanceof Number min && length < min.intValue()) {
                errors.add(at + ": shorter than " + min);
            }
            if (schema.get("maxLength") instanceof Number max && length > max.intValue()) {
                errors.add(at + ": longer than " + max);
            }
        }
        if (value instanceof Number number) {
            BigDecimal decimal = new BigDecimal(number.toString());
            if (schema.get("minimum") instanceof Number min && decimal.compareTo(new BigDecimal(min.toString())) < 0) {
                errors.add(at + ": below the minimum " + min);
            }
            if (schema.get("maximum") instanceof Number max && decimal.compareTo(new BigDecimal(max.toString())) > 0) {
                errors.add(at + ": above the maximum " + max);
            }
        }
        if (value instanceof Map<?, ?> object) {
            Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
            for (Object required : (List<Object>) schema.getOrDefault("required", List.of())) {
                if (!object.containsKey(required)) {
                    errors.add(at + ": missing required property '" + required + "'");
                }
            }
            for (Map.Entry<?, ?> member : object.entrySet()) {
                String name = String.valueOf(member.getKey());
                String memberAt = at + "/" + name;
                if (properties.containsKey(name)) {
                    validate((Map<String, Object>) properties.get(name), member.getValue(), memberAt, errors);
                } else if (Boolean.FALSE.equals(schema.get("additionalProperties"))) {
                    errors.add(memberAt + ": property '" + name + "' is not allowed here");
                } else if (schema.get("additionalProperties") instanceof Map<?, ?> additional) {
                    validate((Map<String, Object>) additional, member.getValue(), memberAt, errors);
                }
            }
        }
        if (value instanceof List<?> array) {
            if (schema.get("minItems") instanceof Number min && array.size() < min.intValue()) {
                errors.add(at + ": fewer than " + min + " items");
            }
            if (schema.get("items") instanceof Map<?, ?> items) {
                for (int i = 0; i < array.size(); i++) {
                    validate((Map<String, Object>) items, array.get(i), at + "/" + i, errors);
                }
            }
        }
        if (schema.get("anyOf") instanceof List<?> branches) {
            List<String> branchErrors = new ArrayList<>();
            boolean any = false;
            for (Object branch : branches) {
                List<String> errorsOfBranch = new ArrayList<>();
                validate((Map<String, Object>) branch, value, at, errorsOfBranch);
                any |= errorsOfBranch.isEmpty();
                branchErrors.addAll(errorsOfBranch);
            }
            if (!any) {
                errors.add(at + ": matches none of anyOf " + branchErrors);
            }
        }
    }

    private static boolean hasType(Object type, Object value) {
        if (type instanceof List<?> types) {
            return types.stream().anyMatch(t -> hasType(t, value));
        }
        return switch ((String) type) {
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "null" -> value == null;
            case "number" -> value instanceof Number;
            case "integer" -> value instanceof Long || value instanceof Integer || value instanceof BigInteger
                    || (value instanceof Double d && d == Math.rint(d) && !d.isInfinite());
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        return a == null ? b == null : a.equals(b);
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        return value.getClass().getSimpleName() + " '" + value + "'";
    }

    @SuppressWarnings("unchecked")
    private static void checkKeywords(Map<String, Object> schema, String at) {
        for (Map.Entry<String, Object> entry : schema.entrySet()) {
            String keyword = entry.getKey();
            if (!KEYWORDS.contains(keyword)) {
                throw new IllegalArgumentException("keyword '" + keyword + "' at " + at + " is not understood by"
                        + " this test's validator; extend JsonSchemaSubset or keep to its keywords");
            }
            Object value = entry.getValue();
            switch (keyword) {
                case "$defs", "properties" -> ((Map<String, Object>) value).forEach((name, sub) ->
                        checkKeywords((Map<String, Object>) sub, at + "/" + keyword + "/" + name));
                case "items" -> checkKeywords((Map<String, Object>) value, at + "/items");
                case "additionalProperties" -> {
                    if (value instanceof Map<?, ?> sub) {
                        checkKeywords((Map<String, Object>) sub, at + "/additionalProperties");
                    }
                }
                case "anyOf" -> {
                    List<Object> branches = (List<Object>) value;
                    for (int i = 0; i < branches.size(); i++) {
                        checkKeywords((Map<String, Object>) branches.get(i), at + "/anyOf/" + i);
                    }
                }
                default -> {
                }
            }
        }
    }

    // ---- YAML as an editor's YAML 1.2 language server reads it ----

    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    private static final Pattern TRUE = Pattern.compile("true|True|TRUE");
    private static final Pattern FALSE = Pattern.compile("false|False|FALSE");
    private static final Pattern INT = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern OCTAL = Pattern.compile("0o[0-7]+");
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

    /** The JSON value of a YAML node, with the YAML 1.2 core schema's reading of plain scalars. */
    static Object toJson(Node node) {
        if (node instanceof MappingNode mapping) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                object.put(((ScalarNode) tuple.getKeyNode()).getValue(), toJson(tuple.getValueNode()));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            List<Object> array = new ArrayList<>();
            sequence.getValue().forEach(item -> array.add(toJson(item)));
            return array;
        }
        ScalarNode scalar = (ScalarNode) node;
        String text = scalar.getValue();
        if (!scalar.isPlain()) {
            return text;
        }
        if (NULL.matcher(text).matches()) {
            return null;
        }
        if (TRUE.matcher(text).matches()) {
            return true;
        }
        if (FALSE.matcher(text).matches()) {
            return false;
        }
        if (INT.matcher(text).matches()) {
            return new BigInteger(text.startsWith("+") ? text.substring(1) : text);
        }
        if (OCTAL.matcher(text).matches()) {
            return new BigInteger(text.substring(2), 8);
        }
        if (HEX.matcher(text).matches()) {
            return new BigInteger(text.substring(2), 16);
        }
        if (FLOAT.matcher(text).matches()) {
            return Double.valueOf(text);
        }
        return text;
    }
}
