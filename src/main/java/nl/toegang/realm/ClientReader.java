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

/** Reads and validates one entry of {@code clients:}. */
final class ClientReader {
    static final List<String> FIELDS = List.of("clientId", "name", "type", "secret", "authenticationMethods",
            "jwksUri", "jwks", "redirectUris", "postLogoutRedirectUris", "grantTypes", "scopes", "roles", "bsn",
            "mfa", "backchannelLogoutUri", "backchannelLogoutSessionRequired", "profile",
            "requirePushedAuthorizationRequests", "dpop", "sectorIdentifier", "introspection");
    /** Roles a client may carry: both may use the admin API's lockout endpoints. */
    static final List<String> ROLES = List.of("admin", "support");

    static final String AUTHORIZATION_CODE = "authorization_code";
    static final String REFRESH_TOKEN = "refresh_token";
    static final String CLIENT_CREDENTIALS = "client_credentials";
    static final List<String> GRANT_TYPES = List.of(AUTHORIZATION_CODE, REFRESH_TOKEN, CLIENT_CREDENTIALS);

    static final String SECRET_BASIC = "client_secret_basic";
    static final String SECRET_POST = "client_secret_post";
    static final String PRIVATE_KEY_JWT = "private_key_jwt";
    static final String NONE = "none";
    static final List<String> AUTHENTICATION_METHODS = List.of(SECRET_BASIC, SECRET_POST, PRIVATE_KEY_JWT, NONE);

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

        String name = client.string("name").map(LocatedString::value).orElse(clientId.value());
        ClientType type = type(client, context);
        Set<String> grantTypes = grantTypes(client, label, context);
        Optional<LocatedString> secret = client.string("secret");
        Optional<LocatedString> jwksUri = client.string("jwksUri");
        Optional<String> jwks = client.node("jwks").map(jwksNode -> JwksReader.read(jwksNode, label, context));

        if (type == ClientType.PUBLIC) {
            checkPublic(client, label, grantTypes, context);
        }
        if (secret.isPresent() && secret.get().value().isEmpty()) {
            throw context.error(secret.get().line(), label + " has an empty secret; remove the field or give it a value");
        }
        if (jwksUri.isPresent() && jwks.isPresent()) {
            throw context.error(client.lineOf("jwksUri"), label + " declares both jwks and jwksUri; keep one of them");
        }
        jwksUri.ifPresent(uri -> RedirectUriRules.fetchableProblem(uri.value(), context.production()).ifPresent(
                problem -> { throw context.error(uri.line(), "jwksUri of " + label + " " + problem); }));
        boolean hasKeys = jwksUri.isPresent() || jwks.isPresent();
        Set<String> methods = authenticationMethods(client, label, type, secret.isPresent(), hasKeys, context);
        if (secret.isPresent() && context.production() && SecretStrength.isWeak(secret.get().value())) {
            throw context.error(secret.get().line(), label + " has a weak secret; use at least "
                    + SecretStrength.MIN_LENGTH + " random characters (e.g. openssl rand -base64 32)");
        }

        List<String> redirectUris = uris(client, "redirectUris", label, context);
        if (grantTypes.contains(AUTHORIZATION_CODE) && redirectUris.isEmpty()) {
            throw context.error(client.lineOf("redirectUris"), label
                    + " uses authorization_code but has no redirectUris; list the exact callback URI(s)");
        }
        List<String> postLogoutRedirectUris = uris(client, "postLogoutRedirectUris", label, context);

        Optional<BsnRelease> bsn = client.mapping("bsn", "in bsn of " + label, BsnReleaseReader.FIELDS)
                .map(mapping -> BsnReleaseReader.read(mapping, label, context));
        Set<String> scopes = scopes(client, label, context);
        if (bsn.map(BsnRelease::eligible).orElse(false) && !scopes.contains("bsn")) {
            throw context.error(client.lineOf("bsn"), label + " is eligible for the BSN but does not list the 'bsn'"
                    + " scope it must request to receive it; add bsn to scopes");
        }
        ClientProfile profile = profile(client, label, context);
        boolean requirePar = client.bool("requirePushedAuthorizationRequests").orElse(false);
        DpopPolicy dpop = client.string("dpop").map(value -> DpopPolicy.parse(value.value()).orElseThrow(
                () -> context.error(value.line(), "unknown dpop '" + value.value() + "' of " + label + "; allowed: "
                        + String.join(", ", DpopPolicy.NAMES)))).orElse(DpopPolicy.OPTIONAL);
        IntrospectionAccess introspection = client.string("introspection").map(value -> IntrospectionAccess.parse(
                value.value()).orElseThrow(() -> context.error(value.line(), "unknown introspection '" + value.value()
                + "' of " + label + "; allowed: " + String.join(", ", IntrospectionAccess.NAMES))))
                .orElse(IntrospectionAccess.OWN_TOKENS);
        if (introspection == IntrospectionAccess.ANY_TOKEN_IN_REALM && type == ClientType.PUBLIC) {
            // a public client cannot authenticate at the introspection endpoint; the field would only mislead
            throw context.error(client.lineOf("introspection"), label + " is public and cannot introspect tokens;"
                    + " any-token-in-realm is for confidential resource servers");
        }
        if (profile == ClientProfile.FAPI2) {
            checkFapi2(client, label, type, secret.isPresent(), hasKeys, methods, context);
            requirePar = true;
            dpop = DpopPolicy.REQUIRED;
        }
        return new ClientDefinition(clientId.value(), name, type,
                secret.map(s -> new Secret(s.value())), methods,
                jwksUri.map(LocatedString::value), jwks,
                redirectUris, postLogoutRedirectUris, grantTypes, scopes,
                roles(client, label, grantTypes, context), client.line(), bsn,
                SettingsReader.mfa(client, "mfa of " + label, context),
                backchannelLogout(client, label, context), profile, requirePar, dpop,
                sectorIdentifier(client, label, context), introspection);
    }

    private static Optional<ClientDefinition.BackchannelLogout> backchannelLogout(YamlMapping client, String label,
                                                                                 ParseContext context) {
        Optional<LocatedString> uri = client.string("backchannelLogoutUri");
        Optional<Boolean> sessionRequired = client.bool("backchannelLogoutSessionRequired");
        if (uri.isEmpty()) {
            if (sessionRequired.isPresent()) {
                // Without a URI the setting would silently do nothing.
                throw context.error(client.lineOf("backchannelLogoutSessionRequired"), label
                        + " has backchannelLogoutSessionRequired but no backchannelLogoutUri");
            }
            return Optional.empty();
        }
        String value = uri.get().value();
        Optional<String> problem = value.contains("*")
                ? Optional.of("must not contain a wildcard (*); give the exact URL")
                : RedirectUriRules.fetchableProblem(value, context.production());
        problem.ifPresent(p -> {
            throw context.error(uri.get().line(), "backchannelLogoutUri of " + label + " " + p);
        });
        return Optional.of(new ClientDefinition.BackchannelLogout(value, sessionRequired.orElse(false)));
    }

    private static ClientProfile profile(YamlMapping client, String label, ParseContext context) {
        return client.string("profile").map(value -> ClientProfile.parse(value.value()).orElseThrow(
                () -> context.error(value.line(), "unknown profile '" + value.value() + "' of " + label
                        + "; allowed: " + String.join(", ", ClientProfile.NAMES)))).orElse(ClientProfile.STANDARD);
    }

    /**
     * FAPI 2.0 Security Profile §5.3.2: confidential clients authenticating with private_key_jwt only, PAR and DPoP
     * required. Settings that would weaken this are refused rather than silently overridden.
     */
    private static void checkFapi2(YamlMapping client, String label, ClientType type, boolean hasSecret,
                                   boolean hasKeys, Set<String> methods, ParseContext context) {
        String rule = label + " has profile fapi2, which ";
        if (type != ClientType.CONFIDENTIAL) {
            throw context.error(client.lineOf("type"), rule + "needs a confidential client; make it type: confidential");
        }
        if (hasSecret) {
            throw context.error(client.lineOf("secret"), rule + "allows only private_key_jwt; remove the secret");
        }
        if (!hasKeys) {
            throw context.error(client.lineOf("profile"), rule + "needs the client's public keys; add jwks or jwksUri");
        }
        if (!methods.equals(Set.of(PRIVATE_KEY_JWT))) {
            throw context.error(client.lineOf("authenticationMethods"), rule + "allows only private_key_jwt as"
                    + " authenticationMethods");
        }
        if (client.bool("requirePushedAuthorizationRequests").filter(required -> !required).isPresent()) {
            throw context.error(client.lineOf("requirePushedAuthorizationRequests"), rule + "requires pushed"
                    + " authorization requests; remove requirePushedAuthorizationRequests: false");
        }
        if (client.string("dpop").filter(value -> !value.value().equals("required")).isPresent()) {
            throw context.error(client.lineOf("dpop"), rule + "requires DPoP-bound tokens; remove dpop or set it"
                    + " to required");
        }
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
            return Set.of(AUTHORIZATION_CODE, REFRESH_TOKEN);
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

    private static void checkPublic(YamlMapping client, String label, Set<String> grantTypes, ParseContext context) {
        if (client.node("secret").isPresent()) {
            throw context.error(client.lineOf("secret"), label + " is public and cannot keep a secret;"
                    + " remove 'secret' or make it type: confidential");
        }
        if (grantTypes.contains(CLIENT_CREDENTIALS)) {
            throw context.error(client.lineOf("grantTypes"), label + " is public and cannot use client_credentials,"
                    + " which needs a client that authenticates; make it type: confidential");
        }
        for (String keys : List.of("jwks", "jwksUri")) {
            if (client.node(keys).isPresent()) {
                throw context.error(client.lineOf(keys), label + " is public and cannot use '" + keys
                        + "' (private_key_jwt is for confidential clients)");
            }
        }
    }

    private static Set<String> authenticationMethods(YamlMapping client, String label, ClientType type,
                                                     boolean hasSecret, boolean hasKeys, ParseContext context) {
        Optional<List<LocatedString>> declared = client.strings("authenticationMethods");
        if (declared.isEmpty()) {
            if (type == ClientType.PUBLIC) {
                return Set.of(NONE);
            }
            if (hasSecret) {
                return Set.of(SECRET_BASIC, SECRET_POST);
            }
            if (hasKeys) {
                return Set.of(PRIVATE_KEY_JWT);
            }
            throw context.error(client.line(), label + " is confidential but has no way to authenticate; give it a"
                    + " secret (client_secret_basic/post) or jwks/jwksUri (private_key_jwt), or make it type: public");
        }
        Set<String> methods = new LinkedHashSet<>();
        for (LocatedString method : declared.get()) {
            String value = method.value();
            if (!AUTHENTICATION_METHODS.contains(value)) {
                throw context.error(method.line(), "unknown authentication method '" + value + "' in " + label
                        + "; allowed: " + String.join(", ", AUTHENTICATION_METHODS));
            }
            if (type == ClientType.PUBLIC && !value.equals(NONE)) {
                throw context.error(method.line(), label + " is public, so its only authentication method is"
                        + " 'none', not '" + value + "'");
            }
            if (type == ClientType.CONFIDENTIAL && value.equals(NONE)) {
                throw context.error(method.line(), label + " is confidential and must authenticate; 'none' is only"
                        + " for public clients");
            }
            if ((value.equals(SECRET_BASIC) || value.equals(SECRET_POST)) && !hasSecret) {
                throw context.error(method.line(), label + " uses " + value + " but has no secret");
            }
            if (value.equals(PRIVATE_KEY_JWT) && !hasKeys) {
                throw context.error(method.line(), label + " uses private_key_jwt but has neither jwks nor jwksUri"
                        + " with its public keys");
            }
            methods.add(value);
        }
        if (methods.isEmpty()) {
            throw context.error(client.lineOf("authenticationMethods"), "authenticationMethods of " + label
                    + " is empty; leave it out to use the defaults");
        }
        if (hasSecret && !methods.contains(SECRET_BASIC) && !methods.contains(SECRET_POST)) {
            throw context.error(client.lineOf("secret"), label + " has a secret but none of its authenticationMethods"
                    + " uses it; add client_secret_basic or remove the secret");
        }
        return methods;
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
            return Set.of("openid");
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
