package nl.toegang.realm;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads one {@code realms/*.yaml} file into a validated {@link RealmDefinition}. Every problem is reported as a
 * {@link RealmFileException} naming the file and line, because the operator fixes it in an editor, not in Java.
 * The field reference is docs/realm-file.md.
 */
public final class RealmFileParser {
    static final List<String> FIELDS = List.of("name", "displayName", "settings", "clients", "users", "digid",
            "maintenance", "texts", "profile", "notices", "upstreams");
    /** Realm profiles: {@code nlgov} (NL GOV Assurance profile for OIDC) makes pairwise subjects the default. */
    static final List<String> PROFILES = List.of("nlgov");
    private static final Pattern REALM_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final String TOP = "at the top level";

    private final Placeholders placeholders;
    private final boolean production;
    private final java.time.Clock clock;

    /**
     * @param environment looks up {@code ${NAME}} placeholders, usually {@code System::getenv}; returns null when unset
     * @param production  refuse development conveniences: weak client secrets, seeded users, plain-http URIs
     */
    public RealmFileParser(Function<String, String> environment, boolean production) {
        this(environment, production, java.time.Clock.systemUTC());
    }

    /** @param clock the time metadata files are checked against ({@code validUntil}) */
    public RealmFileParser(Function<String, String> environment, boolean production, java.time.Clock clock) {
        this.placeholders = new Placeholders(Objects.requireNonNull(environment, "environment"));
        this.production = production;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @throws RealmFileException when the file cannot be read or is not a valid realm file */
    public RealmDefinition parse(Path file) {
        return parse(file, MappingObserver.NONE);
    }

    /** As {@link #parse(Path)}, telling {@code observer} about every mapping read and the fields it allows. */
    RealmDefinition parse(Path file, MappingObserver observer) {
        ParseContext context = new ParseContext(file, placeholders, production, observer, clock);
        Node root = RealmYamlReader.read(file);
        if (!(root instanceof MappingNode)) {
            throw context.error(root, "the top level of a realm file must be a mapping of fields ("
                    + String.join(", ", FIELDS) + "), found " + YamlMapping.describe(root));
        }
        YamlMapping realm = YamlMapping.of(root, TOP, FIELDS, context);

        LocatedString name = realm.requiredString("name");
        if (!REALM_NAME.matcher(name.value()).matches()) {
            throw context.error(name.line(), "realm name '" + name.value() + "' must be 1 to 63 lowercase letters,"
                    + " digits or hyphens, starting with a letter or digit (it becomes part of the issuer URL)");
        }
        String displayName = realm.requiredString("displayName").value();
        boolean nlgov = realm.string("profile").map(value -> SettingsReader.oneOf(value, PROFILES, "profile", context))
                .isPresent();
        SubjectType defaultSubjects = nlgov ? SubjectType.PAIRWISE : SubjectType.PUBLIC;
        RealmSettings settings = realm.mapping("settings", "in settings", SettingsReader.FIELDS)
                .map(mapping -> SettingsReader.read(mapping, defaultSubjects, context))
                .orElse(withSubjectType(RealmSettings.defaults(), defaultSubjects));
        List<ClientDefinition> clients = clients(realm, context);
        if (settings.subjectType() == SubjectType.PAIRWISE) {
            clients.forEach(client -> requireOneSector(client, context));
        }
        List<UserSeed> users = users(realm, name.value(), settings.defaultLocale(), context);
        var digid = realm.mapping("digid", "in digid", DigidReader.FIELDS)
                .map(mapping -> DigidReader.read(mapping, context));
        var maintenance = realm.mapping("maintenance", "in maintenance", MaintenanceReader.FIELDS)
                .map(mapping -> MaintenanceReader.read(mapping, context));
        var texts = realm.mapping("texts", "in texts", LoginTextsReader.FIELDS).map(LoginTextsReader::read);
        var notices = realm.mapping("notices", "in notices", NoticesReader.FIELDS).map(NoticesReader::read)
                .orElse(Notices.defaults());
        List<UpstreamSettings> upstreams = UpstreamReader.read(realm.list("upstreams").orElse(List.of()), context);
        return new RealmDefinition(name.value(), displayName, file, settings, clients, users, digid, maintenance,
                texts, notices, upstreams);
    }

    private static RealmSettings withSubjectType(RealmSettings s, SubjectType subjectType) {
        return new RealmSettings(s.signingAlgorithm(), s.idTokenLifetime(), s.accessTokenLifetime(),
                s.refreshTokenLifetime(), s.authorizationCodeLifetime(), s.keyRotationInterval(), s.defaultLocale(),
                s.selfService(), s.lockout(), s.mfa(), s.sessions(), subjectType);
    }

    /** With pairwise subjects, one portal on several hosts must name its sector, or it would see several subs. */
    private static void requireOneSector(ClientDefinition client, ParseContext context) {
        if (client.sectorIdentifier().isEmpty() && client.redirectHosts().size() > 1) {
            throw context.error(client.line(), "client '" + client.clientId() + "' has redirect URIs on several hosts ("
                    + String.join(", ", client.redirectHosts()) + ") in a realm with pairwise subjects; add"
                    + " sectorIdentifier (e.g. the portal's main host) so that all its hosts see the same sub");
        }
    }

    private static List<ClientDefinition> clients(YamlMapping realm, ParseContext context) {
        List<Node> nodes = realm.list("clients").orElse(List.of());
        List<ClientDefinition> clients = new ArrayList<>(nodes.size());
        Map<String, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            ClientDefinition client = ClientReader.read(nodes.get(i), i + 1, context);
            int line = YamlMapping.valueLine(nodes.get(i), "clientId");
            Integer earlier = firstLine.putIfAbsent(client.clientId(), line);
            if (earlier != null) {
                throw context.error(line, "clientId '" + client.clientId() + "' is already used by the client on"
                        + " line " + earlier + "; client ids must be unique within a realm");
            }
            clients.add(client);
        }
        return clients;
    }

    private static List<UserSeed> users(YamlMapping realm, String realmName, String realmLocale,
                                        ParseContext context) {
        List<Node> nodes = realm.list("users").orElse(List.of());
        if (!nodes.isEmpty() && context.production()) {
            throw context.error(realm.lineOf("users"), "users: are for development only; remove them from realm"
                    + " files used in production (seeded passwords live in plain text in the file)");
        }
        List<UserSeed> users = new ArrayList<>(nodes.size());
        Map<String, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            UserSeed user = UserReader.read(nodes.get(i), i + 1, realmName, realmLocale, context);
            int line = YamlMapping.valueLine(nodes.get(i), "email");
            Integer earlier = firstLine.putIfAbsent(user.email().toLowerCase(Locale.ROOT), line);
            if (earlier != null) {
                throw context.error(line, "email '" + user.email() + "' is already used by the user on line "
                        + earlier + " (emails are compared case-insensitively)");
            }
            users.add(user);
        }
        return users;
    }
}
