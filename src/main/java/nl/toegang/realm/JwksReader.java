package nl.toegang.realm;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a client's inline {@code jwks}: a YAML mapping or a JSON string. The result is the JWK Set as JSON, checked
 * to hold only public keys: a private key in a realm file would be a leaked key.
 */
final class JwksReader {
    private static final int MAX_DEPTH = 8; // a JWK set is shallow; this also stops recursive aliases

    private JwksReader() {
    }

    static String read(Node node, String client, ParseContext context) {
        String where = "jwks of " + client;
        JWKSet set;
        try {
            if (node instanceof ScalarNode scalar) {
                set = JWKSet.parse(context.text(scalar));
            } else if (node instanceof MappingNode mapping) {
                set = JWKSet.parse(toMap(mapping, 0, context));
            } else {
                throw context.error(node, where + " must be a JWK set ({keys: [...]}) or a JSON string, found "
                        + YamlMapping.describe(node));
            }
        } catch (ParseException e) {
            throw context.error(node, where + " is not a valid JWK set: " + e.getMessage());
        }
        if (set.getKeys().isEmpty()) {
            throw context.error(node, where + " contains no keys");
        }
        for (JWK key : set.getKeys()) {
            if (key.isPrivate()) {
                throw context.error(node, where + " contains a private or symmetric key"
                        + (key.getKeyID() == null ? "" : " (kid '" + key.getKeyID() + "')")
                        + "; a realm file may only hold the client's public keys");
            }
        }
        return set.toString(true);
    }

    private static Map<String, Object> toMap(MappingNode mapping, int depth, ParseContext context) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key) || key.getTag().equals(Tag.MERGE)) {
                throw context.error(tuple.getKeyNode(), "jwks member names must be plain words");
            }
            if (map.containsKey(key.getValue())) {
                throw context.error(key, "jwks member '" + key.getValue() + "' appears twice");
            }
            map.put(key.getValue(), toJava(tuple.getValueNode(), depth + 1, context));
        }
        return map;
    }

    private static Object toJava(Node node, int depth, ParseContext context) {
        if (depth > MAX_DEPTH) {
            throw context.error(node, "jwks is nested too deeply to be a JWK set");
        }
        if (node instanceof MappingNode mapping) {
            return toMap(mapping, depth, context);
        }
        if (node instanceof SequenceNode sequence) {
            List<Object> list = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                list.add(toJava(item, depth + 1, context));
            }
            return list;
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = scalar.getTag();
        if (tag.equals(Tag.NULL)) {
            return null;
        }
        String text = context.text(scalar);
        if (tag.equals(Tag.BOOL)) {
            return java.util.Set.of("true", "yes", "on").contains(text.toLowerCase(java.util.Locale.ROOT));
        }
        if (tag.equals(Tag.INT)) {
            try {
                return Long.valueOf(text);
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return text; // key material and identifiers are strings in JWK
    }
}
