package nl.toegang.realm;

import nl.toegang.realm.ClientDefinition.ClientType;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static nl.toegang.realm.ClientDefinition.AUTHORIZATION_CODE;
import static nl.toegang.realm.ClientDefinition.CLIENT_CREDENTIALS;
import static nl.toegang.realm.ClientDefinition.REFRESH_TOKEN;

/** Reads and validates one entry of {@code clients:}. */
final class ClientReader {
    static final List<String> FIELDS = List.of("clientId", "name", "type", "secret", "authenticationMethods",
            "jwksUri", "jwks", "redirectUris", "postLogoutRedirectUris", "grantTypes", "scopes", "roles", "bsn", "eidasPersonIdentifier",
            "mfa", "backchannelLogoutUri", "backchannelLogoutSessionRequired", "profile",
            "requirePushedAuthorizationRequests", "dpop", "sectorIdentifier", "introspection");
    /** Roles a client may carry: both may use the admin API's lockout endpoints. */
    static final List<String> ROLES = List.of("admin", "support");

    static final List<String> GRANT_TYPES = List.of(AUTHORIZATION_CODE, REFRESH_TOKEN, CLIENT_CREDENTIALS);

    /** Grants people ask for out of habit, with the reason they are not offered. */
    private static final Map<String, String> REFUSED_GRANTS = Map.of(
            "implicit", "the implicit flow returns tokens in the browser URL where they leak (removed in OAuth 2.1)",
            "token", "the implicit flow returns tokens in the browser URL where they leak (removed in OAuth 2.1)",
            "id_token", "the implicit flow returns tokens in the browser URL where they leak (removed in OAuth 2.1)",
            "password", "the password grant hands the user's password to the client and rules out multi-factor and"
                    + " federated login (removed in OAuth 2.1)",
            "hybrid", "the hybrid flow returns tokens from the authorization endpoint through the browser");

    /** A DNS host name: what a sector identifier names (OIDC Core §8.1 uses the host of sector_identifier_uri). */
    private static final Pattern SECTOR = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern CLIENT_ID = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+"); // RFC 6749 scope-token

    private ClientReader() {
    }

    static ClientDefinition read(Node node, int position, ParseContext context) {
        String provisional = YamlMapping.peek(node, "clientId").map(id -> "client '" + id + "'")
                .orElse("clients entry " + position);
        YamlMapping client = YamlMapping.of(node, "in " + provisional, FIELDS, context);

        LocatedString clientId = client.requiredString("clientId");
        if (!CLIENT_ID.matcher(clientId.value()).matches()) {
            throw context.error(clientId.line(), "clientId of " + provisional
                    + " must be 1 to 255 visible ASCII characters without spaces");
        }
        if (BuiltInClients.RESERVED.contains(clientId.value())) {
            throw context.error(clientId.line(), "clientId '" + clientId.value() + "' is built in: every realm has"
                    + " the account console client, defined by the server (docs/console.md); remove this entry");
        }
        String label = "client '" + clientId.value() + "'"; // placeholders resolved
        ClientDefinition.Builder builder = ClientDefinition.builder(clientId.value()).line(client.line());

        client.string("name").ifPresent(name -> builder.name(name.value()));
        ClientType type = type(client, context);
        Set<String> grantTypes = grantTypes(client, label, context);
        builder.type(type).grantTypes(grantTypes);
        ClientAuthenticationReader.read(client, label, type, grantTypes, context, builder);

        List<String> redirectUris = uris(client, "redirectUris", label, context);
        if (grantTypes.contains(AUTHORIZATION_CODE) && redirectUris.isEmpty()) {
            throw context.error(client.lineOf("redirectUris"), label
                    + " uses authorization_code but has no redirectUris; list the exact callback URI(s)");
        }
        builder.redirectUris(redirectUris);
        builder.postLogoutRedirectUris(uris(client, "postLogoutRedirectUris", label, context));

        Optional<BsnRelease> bsn = client.mapping("bsn", "in bsn of " + label, BsnReleaseReader.FIELDS)
                .map(mapping -> BsnReleaseReader.read(mapping, label, context));
        Set<String> scopes = scopes(client, label, context);
        if (bsn.map(BsnRelease::eligible).orElse(false) && !scopes.contains("bsn")) {
            throw context.error(client.lineOf("bsn"), label + " is eligible for the BSN but does not list the 'bsn'"
                    + " scope it must request to receive it; add bsn to scopes");
        }
        bsn.ifPresent(builder::bsn);
        // The eIDAS PersonIdentifier is released like the BSN: an eligible client, its scope, an encrypted ID token.
        Optional<BsnRelease> eidasId = client.mapping("eidasPersonIdentifier", "in eidasPersonIdentifier of "
                + label, BsnReleaseReader.FIELDS).map(mapping -> BsnReleaseReader.read(mapping, "eidasPersonIdentifier",
                "the eIDAS PersonIdentifier", label, context));
        if (eidasId.map(BsnRelease::eligible).orElse(false) && !scopes.contains("eidas_person_identifier")) {
            throw context.error(client.lineOf("eidasPersonIdentifier"), label + " is eligible for the eIDAS"
                    + " PersonIdentifier but does not list the 'eidas_person_identifier' scope it must request to"
                    + " receive it; add eidas_person_identifier to scopes");
        }
        eidasId.ifPresent(builder::eidasPersonIdentifier);
        builder.scopes(scopes);

        // PAR and DPoP left out take the profile's setting (ClientProfileRule); a weaker one stated is refused below.
        builder.profile(profile(client, label, context));
        client.bool("requirePushedAuthorizationRequests").ifPresent(builder::requirePushedAuthorizationRequests);
        dpop(client, label, context).ifPresent(builder::dpop);
        builder.introspection(introspection(client, label, type, context));
        builder.profileViolation().ifPresent(violation -> {
            throw context.error(client.lineOf(violation.field()), violation.message(label));
        });

        builder.roles(roles(client, label, grantTypes, context));
        SettingsReader.mfa(client, "mfa of " + label, context).ifPresent(builder::mfa);
        BackchannelLogoutReader.read(client, label, context).ifPresent(builder::backchannelLogout);
        sectorIdentifier(client, label, context).ifPresent(builder::sectorIdentifier);
        return builder.build();
    }

    private static IntrospectionAccess introspection(YamlMapping client, String label, ClientType type,
                                                     ParseContext context) {
        IntrospectionAccess introspection = client.string("introspection").map(value -> IntrospectionAccess.parse(
                value.value()).orElseThrow(() -> context.error(value.line(), "unknown introspection '" + value.value()
                + "' of " + label + "; allowed: " + String.join(", ", IntrospectionAccess.NAMES))))
                .orElse(IntrospectionAccess.OWN_TOKENS);
        if (introspection == IntrospectionAccess.ANY_TOKEN_IN_REALM && type == ClientType.PUBLIC) {
            // a public client cannot authenticate at the introspection endpoint; the field would only mislead
            throw context.error(client.lineOf("introspection"), label + " is public and cannot introspect tokens;"
                    + " any-token-in-realm is for confidential resource servers");
        }
        return introspection;
    }

    private static Optional<DpopPolicy> dpop(YamlMapping client, String label, ParseContext context) {
        return client.string("dpop").map(value -> DpopPolicy.parse(value.value()).orElseThrow(
                () -> context.error(value.line(), "unknown dpop '" + value.value() + "' of " + label + "; allowed: "
                        + String.join(", ", DpopPolicy.NAMES))));
    }

    private static ClientProfile profile(YamlMapping client, String label, ParseContext context) {
        return client.string("profile").map(value -> ClientProfile.parse(value.value()).orElseThrow(
                () -> context.error(value.line(), "unknown profile '" + value.value() + "' of " + label
                        + "; allowed: " + String.join(", ", ClientProfile.NAMES)))).orElse(ClientProfile.STANDARD);
    }

    private static Optional<String> sectorIdentifier(YamlMapping client, String label, ParseContext context) {
        return client.string("sectorIdentifier").map(value -> {
            String sector = value.value().toLowerCase(java.util.Locale.ROOT);
            if (!SECTOR.matcher(sector).matches()) {
                throw context.error(value.line(), "sectorIdentifier of " + label + " must be a host name such as"
                        + " portal.example.org (the sector whose clients share one pairwise sub)");
            }
            return sector;
        });
    }

    private static ClientType type(YamlMapping client, ParseContext context) {
        LocatedString type = client.requiredString("type");
        return switch (type.value()) {
            case "confidential" -> ClientType.CONFIDENTIAL;
            case "public" -> ClientType.PUBLIC;
            default -> throw context.error(type.line(), "unknown client type '" + type.value() + "' "
                    + client.where() + "; allowed: confidential (a server that keeps a secret), public (browser"
                    + " or mobile app)");
        };
    }

    private static Set<String> grantTypes(YamlMapping client, String label, ParseContext context) {
        Optional<List<LocatedString>> declared = client.strings("grantTypes");
        if (declared.isEmpty()) {
            return ClientDefinition.DEFAULT_GRANT_TYPES;
        }
        Set<String> grants = new LinkedHashSet<>();
        for (LocatedString grant : declared.get()) {
            String reason = REFUSED_GRANTS.get(grant.value());
            if (reason == null && grant.value().contains(" ")) {
                reason = REFUSED_GRANTS.get("hybrid"); // "code id_token" and friends are hybrid response types
            }
            if (reason != null) {
                throw context.error(grant.line(), "grant type '" + grant.value() + "' of " + label
                        + " is not supported: " + reason + "; use authorization_code (with PKCE for public clients)");
            }
            if (!GRANT_TYPES.contains(grant.value())) {
                throw context.error(grant.line(), "unknown grant type '" + grant.value() + "' in " + label
                        + "; allowed: " + String.join(", ", GRANT_TYPES));
            }
            grants.add(grant.value());
        }
        if (grants.isEmpty()) {
            throw context.error(client.lineOf("grantTypes"), "grantTypes of " + label
                    + " is empty; leave it out for [authorization_code, refresh_token]");
        }
        if (grants.contains(REFRESH_TOKEN) && !grants.contains(AUTHORIZATION_CODE)) {
            throw context.error(client.lineOf("grantTypes"), label + " has refresh_token without authorization_code;"
                    + " refresh tokens are only issued after a user login");
        }
        return grants;
    }

    private static List<String> uris(YamlMapping client, String field, String label, ParseContext context) {
        List<String> uris = new ArrayList<>();
        for (LocatedString uri : client.strings(field).orElse(List.of())) {
            Optional<String> problem = RedirectUriRules.problem(uri.value(), context.production());
            if (problem.isPresent()) {
                throw context.error(uri.line(), field + " entry '" + uri.value() + "' of " + label + " "
                        + problem.get());
            }
            uris.add(uri.value());
        }
        return uris;
    }

    private static Set<String> roles(YamlMapping client, String label, Set<String> grantTypes,
                                     ParseContext context) {
        Optional<List<LocatedString>> declared = client.strings("roles");
        if (declared.isEmpty()) {
            return Set.of();
        }
        if (!grantTypes.contains(CLIENT_CREDENTIALS)) {
            // Roles only ever reach client_credentials tokens; anywhere else they would silently do nothing.
            throw context.error(client.lineOf("roles"), label + " has roles but not the client_credentials grant;"
                    + " roles are only given to client_credentials access tokens");
        }
        Set<String> roles = new LinkedHashSet<>();
        for (LocatedString role : declared.get()) {
            roles.add(SettingsReader.oneOf(role, ROLES, "role", context));
        }
        return roles;
    }

    private static Set<String> scopes(YamlMapping client, String label, ParseContext context) {
        Optional<List<LocatedString>> declared = client.strings("scopes");
        if (declared.isEmpty()) {
            return ClientDefinition.DEFAULT_SCOPES;
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (LocatedString scope : declared.get()) {
            if (!SCOPE.matcher(scope.value()).matches()) {
                throw context.error(scope.line(), "scope '" + scope.value() + "' of " + label
                        + " is not a valid scope name (visible ASCII without spaces, quotes or backslashes)");
            }
            scopes.add(scope.value());
        }
        return scopes;
    }
}
