package nl.toegang.realm;

import nl.toegang.saml.DigidLevel;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Keeps docs/realm.schema.json, the realm file reader and docs/realm-file.md in agreement.
 * <p>
 * The fields the reader accepts are not listed here: a {@link MappingObserver} records every mapping the parser opens
 * on {@code every-block.yaml} with the reader's own allowed-field list, and the place of each mapping in the file
 * (e.g. {@code clients[].bsn}) is computed from the YAML tree. The schema must have exactly those fields at that
 * place; every object of the schema must be such a place (so every-block.yaml keeps opening every block); and every
 * field must be in the section of docs/realm-file.md that documents its block.
 */
class RealmSchemaAgreementTest {
    static final Path SCHEMA = Path.of("docs/realm.schema.json");
    static final Path DOC = Path.of("docs/realm-file.md");
    static final Path TEST_REALMS = Path.of("src/test/resources/realm-files");
    static final Path EVERY_BLOCK = TEST_REALMS.resolve("every-block.yaml");
    private static final String UNKNOWN = "unexpectedField";

    static JsonSchemaSubset schema;
    /** Place in the file (segments; "[]" for a list entry) to the fields the reader allows there. */
    static Map<List<String>, List<String>> readerFields;
    /** Place to the mapping node of every-block.yaml, for the unknown-field test. */
    static Map<List<String>, MappingNode> readerNodes;

    @TempDir
    Path dir;

    @BeforeAll
    static void observeTheReader() throws IOException {
        if (readerFields != null) {
            return;
        }
        schema = JsonSchemaSubset.read(SCHEMA);
        Map<MappingNode, List<String>> opened = new IdentityHashMap<>();
        List<MappingNode> order = new ArrayList<>();
        MappingObserver observer = (node, allowed) -> {
            opened.put(node, List.copyOf(allowed));
            order.add(node);
        };
        new RealmFileParser(Map.<String, String>of()::get, false).parse(EVERY_BLOCK, observer);

        MappingNode root = order.get(0);
        assertThat(opened.get(root)).as("the first mapping opened is the top level").isEqualTo(RealmFileParser.FIELDS);
        Map<Node, List<String>> places = new IdentityHashMap<>();
        placesOf(root, List.of(), places);
        readerFields = new LinkedHashMap<>();
        readerNodes = new LinkedHashMap<>();
        for (MappingNode node : order) {
            List<String> place = places.get(node);
            List<String> earlier = readerFields.putIfAbsent(place, opened.get(node));
            assertThat(earlier == null || earlier.equals(opened.get(node)))
                    .as("the reader allows the same fields at every " + display(place)).isTrue();
            readerNodes.putIfAbsent(place, node);
        }
    }

    private static void placesOf(Node node, List<String> place, Map<Node, List<String>> places) {
        places.putIfAbsent(node, place);
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                placesOf(tuple.getValueNode(), append(place, ((ScalarNode) tuple.getKeyNode()).getValue()), places);
            }
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> placesOf(item, append(place, "[]"), places));
        }
    }

    @Test
    void everyMappingTheReaderOpensHasExactlyTheReadersFieldsInTheSchema() {
        assertThat(readerFields).as("every-block.yaml opens mappings").isNotEmpty();
        SoftAssertions.assertSoftly(softly -> readerFields.forEach((place, allowed) ->
                softly.assertThat(properties(objectAt(place)).keySet()).as("schema fields at " + display(place))
                        .containsExactlyInAnyOrderElementsOf(allowed)));
    }

    @Test
    void everyObjectOfTheSchemaIsABlockTheEveryBlockRealmOpens() {
        Set<List<String>> schemaObjects = new LinkedHashSet<>();
        closedObjects(schema.root(), List.of(), schemaObjects, 0);

        assertThat(schemaObjects).as("objects with additionalProperties: false in the schema; a block missing from"
                + " every-block.yaml goes unchecked, add it there").containsExactlyInAnyOrderElementsOf(readerFields.keySet());
    }

    @Test
    void everyFieldOfTheSchemaHasADescription() {
        SoftAssertions.assertSoftly(softly -> readerFields.forEach((place, allowed) ->
                properties(objectAt(place)).forEach((name, property) -> softly.assertThat(description(asMap(property)))
                        .as("description of " + display(append(place, name))).isNotBlank())));
    }

    @Test
    void everyFieldTheReaderAcceptsIsDocumentedInTheSectionOfItsBlock() throws IOException {
        List<String> doc = Files.readAllLines(DOC);
        SoftAssertions softly = new SoftAssertions();
        readerFields.forEach((place, allowed) -> {
            String block = dotted(place);
            Section section = section(doc, block);
            String rest = block.equals(section.name()) ? ""
                    : block.substring(section.name().length()).replaceFirst("^(\\[\\])?\\.", "") + ".";
            for (String field : allowed) {
                softly.assertThat(section.text()).as("docs/realm-file.md section '" + section.heading() + "' documents "
                        + display(append(place, field))).containsAnyOf("`" + field + "`", "`" + rest + field + "`",
                        "`" + rest + field + ".");
            }
        });
        softly.assertAll();
    }

    @Test
    void enumsOfTheSchemaAreTheReadersLists() {
        Map<String, List<String>> readers = new LinkedHashMap<>();
        readers.put("profile", RealmFileParser.PROFILES);
        readers.put("settings.signingAlgorithm", SettingsReader.ALGORITHMS);
        readers.put("settings.defaultLocale", SettingsReader.LOCALES);
        readers.put("settings.mfa", MfaPolicy.NAMES);
        readers.put("settings.subjectType", SubjectType.NAMES);
        readers.put("clients[].grantTypes[]", ClientReader.GRANT_TYPES);
        readers.put("clients[].authenticationMethods[]", ClientAuthenticationReader.AUTHENTICATION_METHODS);
        readers.put("clients[].roles[]", ClientReader.ROLES);
        readers.put("clients[].mfa", MfaPolicy.NAMES);
        readers.put("clients[].profile", ClientProfile.NAMES);
        readers.put("clients[].dpop", DpopPolicy.NAMES);
        readers.put("clients[].introspection", IntrospectionAccess.NAMES);
        readers.put("digid.defaultLevel", Arrays.stream(DigidLevel.values())
                .map(level -> level.name().toLowerCase(Locale.ROOT)).toList());
        readers.put("digid.allowedLevels[]", readers.get("digid.defaultLevel"));
        readers.put("users[].locale", SettingsReader.LOCALES);
        readers.put("users[].roles[]", ClientReader.ROLES);

        SoftAssertions.assertSoftly(softly -> readers.forEach((field, values) -> softly.assertThat(enumAt(field))
                .as("enum of " + field).containsExactlyInAnyOrderElementsOf(values)));
    }

    static Stream<Path> realmFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(Path.of("realms"), Path.of("docker/realms"), TEST_REALMS)) {
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(5);
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("realmFiles")
    void shippedAndTestRealmFilesValidateAgainstTheSchema(Path file) {
        assertThat(schema.validate(JsonSchemaSubset.toJson(RealmYamlReader.read(file)))).as(file.toString()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("realmFiles")
    void everyRealmFileNamesTheSchemaOnItsFirstLine(Path file) throws IOException {
        String first = Files.readAllLines(file).get(0);
        assertThat(first).startsWith("# yaml-language-server: $schema=");
        Path named = file.getParent().resolve(first.substring(first.indexOf('=') + 1).strip()).normalize();
        assertThat(named).isEqualTo(SCHEMA);
    }

    @Test
    void theFullExampleOfTheDocsValidatesAgainstTheSchema() throws IOException {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        Path example = Files.writeString(dir.resolve("example.yaml"), doc.substring(start, doc.indexOf("```", start)));

        assertThat(schema.validate(JsonSchemaSubset.toJson(RealmYamlReader.read(example)))).isEmpty();
    }

    static Stream<String> blocks() throws IOException {
        observeTheReader();
        return readerFields.keySet().stream().map(RealmSchemaAgreementTest::display);
    }

    @ParameterizedTest
    @MethodSource("blocks")
    void anUnknownFieldFailsBothTheSchemaAndTheReader(String block) throws IOException {
        List<String> place = readerFields.keySet().stream().filter(p -> display(p).equals(block)).findFirst()
                .orElseThrow();
        MappingNode node = readerNodes.get(place);
        List<String> lines = new ArrayList<>(Files.readAllLines(EVERY_BLOCK));
        int indent = node.getValue().get(0).getKeyNode().getStartMark().getColumn();
        int at = Math.min(node.getEndMark().getLine(), lines.size()); // before the next key outside this mapping
        lines.add(at, " ".repeat(indent) + UNKNOWN + ": x");
        Path file = Files.write(dir.resolve("unknown.yaml"), lines);

        List<String> schemaErrors = schema.validate(JsonSchemaSubset.toJson(RealmYamlReader.read(file)));
        assertThat(schemaErrors).anySatisfy(error -> assertThat(error)
                .contains("property '" + UNKNOWN + "' is not allowed here"));
        try {
            new RealmFileParser(Map.<String, String>of()::get, false).parse(file);
            fail("the reader accepted " + UNKNOWN + " in " + block);
        } catch (RealmFileException e) {
            assertThat(e.line()).isEqualTo(at + 1);
            assertThat(e.problem()).startsWith("unknown field '" + UNKNOWN + "'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"30s", "5m", "8h", "90d", "999999999s", "PT5M", "PT1H30M", "P1D", "P1DT12H", "pt10s",
            "PT0.5S", "300", "5 m", "1w", "5M", "P1Y", "P1W", "PT", "P", "-PT5M", "1000000000s", "5min"})
    void theSchemaReadsDurationsAsTheReaderDoes(String text) {
        Map<String, Object> duration = schema.resolve("#/$defs/duration");
        Map<String, Object> written = asMap(((List<?>) duration.get("anyOf")).get(0));
        boolean schemaAccepts = Pattern.compile((String) written.get("pattern")).matcher(text).find();

        assertThat(schemaAccepts).as(text).isEqualTo(DurationFormat.parse(text).isPresent());
    }

    // ---- schema navigation ----

    /** The schemas a value at a place of the file must meet, with {@code $ref} and {@code anyOf} followed. */
    private static List<Map<String, Object>> schemasAt(List<String> place) {
        List<Map<String, Object>> candidates = expand(schema.root());
        for (String segment : place) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> candidate : candidates) {
                Object sub = segment.equals("[]") ? candidate.get("items") : properties(candidate).get(segment);
                if (sub != null) {
                    next.addAll(expand(asMap(sub)));
                }
            }
            candidates = next;
        }
        return candidates;
    }

    /** The closed object (additionalProperties: false) that the schema has at a place of the file. */
    private static Map<String, Object> objectAt(List<String> place) {
        List<Map<String, Object>> objects = schemasAt(place).stream().filter(c -> c.containsKey("properties")
                && Boolean.FALSE.equals(c.get("additionalProperties"))).toList();
        if (objects.size() != 1) {
            fail("the schema has " + objects.size() + " closed objects at " + display(place) + " instead of one");
        }
        return objects.get(0);
    }

    /** A schema with its {@code $ref} and {@code anyOf} branches followed: the alternatives a value may meet. */
    private static List<Map<String, Object>> expand(Map<String, Object> schemaPart) {
        List<Map<String, Object>> all = new ArrayList<>();
        all.add(schemaPart);
        if (schemaPart.get("$ref") instanceof String ref) {
            all.addAll(expand(schema.resolve(ref)));
        }
        if (schemaPart.get("anyOf") instanceof List<?> branches) {
            branches.forEach(branch -> all.addAll(expand(asMap(branch))));
        }
        return all;
    }

    private static void closedObjects(Map<String, Object> schemaPart, List<String> place, Set<List<String>> out,
                                      int depth) {
        assertThat(depth).as("schema nesting (a recursive $ref?)").isLessThan(20);
        for (Map<String, Object> alternative : expand(schemaPart)) {
            if (Boolean.FALSE.equals(alternative.get("additionalProperties"))) {
                out.add(place);
            }
            properties(alternative).forEach((name, sub) -> closedObjects(asMap(sub), append(place, name), out,
                    depth + 1));
            if (alternative.get("items") instanceof Map<?, ?> items) {
                closedObjects(asMap(items), append(place, "[]"), out, depth + 1);
            }
        }
    }

    /** The enum values the schema allows at e.g. {@code clients[].grantTypes[]}. */
    private static Set<String> enumAt(String field) {
        List<String> place = new ArrayList<>();
        for (String part : field.split("\\.")) {
            place.add(part.replace("[]", ""));
            if (part.endsWith("[]")) {
                place.add("[]");
            }
        }
        Set<String> values = new TreeSet<>();
        schemasAt(place).stream().filter(c -> c.get("enum") instanceof List<?>)
                .forEach(c -> ((List<?>) c.get("enum")).forEach(v -> values.add((String) v)));
        return values;
    }

    private static String description(Map<String, Object> property) {
        return expand(property).stream().map(p -> (String) p.get("description")).filter(d -> d != null)
                .findFirst().orElse("");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> object) {
        return (Map<String, Object>) object.getOrDefault("properties", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    // ---- the documentation ----

    record Section(String heading, String name, String text) {
    }

    private static final Pattern HEADING = Pattern.compile("^(#+)\\s+(.*)$");
    private static final Pattern HEADING_NAME = Pattern.compile("`([^`]*)`");

    /** The section of the doc whose heading names the block, or its nearest enclosing block ("Top level" for ""). */
    private static Section section(List<String> doc, String block) {
        Section best = null;
        boolean[] heading = headings(doc);
        for (int i = 0; i < doc.size(); i++) {
            if (!heading[i]) {
                continue;
            }
            var line = HEADING.matcher(doc.get(i));
            line.matches();
            var code = HEADING_NAME.matcher(line.group(2));
            String name = line.group(2).equals("Top level") ? "" : code.find() ? code.group(1) : null;
            boolean encloses = name != null && (block.equals(name) || (!name.isEmpty()
                    && (block.startsWith(name + ".") || block.startsWith(name + "[]."))));
            if (encloses && (best == null || name.length() > best.name().length())) {
                int level = line.group(1).length();
                int end = i + 1;
                while (end < doc.size() && !(heading[end] && doc.get(end).indexOf(' ') <= level)) {
                    end++;
                }
                best = new Section(doc.get(i), name, String.join("\n", doc.subList(i, end)));
            }
        }
        if (best == null) {
            fail("docs/realm-file.md has no section for " + (block.isEmpty() ? "the top level" : block));
        }
        return best;
    }

    /** Which lines are headings: lines starting with # outside ``` code blocks (where # starts a comment). */
    private static boolean[] headings(List<String> doc) {
        boolean[] headings = new boolean[doc.size()];
        boolean inCode = false;
        for (int i = 0; i < doc.size(); i++) {
            if (doc.get(i).startsWith("```")) {
                inCode = !inCode;
            }
            headings[i] = !inCode && HEADING.matcher(doc.get(i)).matches();
        }
        return headings;
    }

    // ---- places ----

    private static List<String> append(List<String> place, String segment) {
        List<String> longer = new ArrayList<>(place);
        longer.add(segment);
        return List.copyOf(longer);
    }

    /** {@code clients[].bsn}; "" for the top level. */
    static String dotted(List<String> place) {
        StringBuilder name = new StringBuilder();
        for (String segment : place) {
            if (segment.equals("[]")) {
                name.append("[]");
            } else {
                name.append(name.isEmpty() ? "" : ".").append(segment);
            }
        }
        String text = name.toString();
        return text.endsWith("[]") ? text.substring(0, text.length() - 2) : text;
    }

    private static String display(List<String> place) {
        return place.isEmpty() ? "the top level" : dotted(place);
    }
}
