package nl.toegang.migration;

import nl.toegang.account.LegacyPasswordHash;
import nl.toegang.mfa.totp.HmacAlgorithm;
import nl.toegang.mfa.totp.TotpParameters;
import nl.toegang.mfa.totp.TotpSecret;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the JSON of {@code kc.sh export --realm NAME --users same_file} into a {@link KeycloakExport}. Structure
 * that is not an export (not JSON, no realm, a list where an object belongs, credential data that is not JSON) is
 * refused with a {@link MalformedExportException} naming the place; a credential in a format Toegang cannot use is
 * kept as {@link KeycloakCredential.NotMapped} for the report. No value from the file reaches a message.
 */
final class KeycloakExportReader {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Keycloak's built-in realm settings that Toegang covers in its own way; each is named in the report. */
    private static final Map<String, String> REALM_SETTINGS_WITHOUT_EQUIVALENT = realmSettingsWithoutEquivalent();

    KeycloakExport read(String json, String realm) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new MalformedExportException("line " + e.getLocation().getLineNr(),
                    "not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedExportException("the file", "is empty");
        }
        JsonNode realmNode = selectRealm(root, realm);
        List<String> notes = new ArrayList<>();
        realmNotes(realmNode, notes);
        List<KeycloakClient> clients = new ArrayList<>();
        JsonNode clientNodes = optionalArray(realmNode, "clients", "clients");
        for (int i = 0; i < clientNodes.size(); i++) {
            clients.add(client(clientNodes.get(i), "clients[" + i + "]"));
        }
        List<KeycloakUser> users = new ArrayList<>();
        if (!realmNode.has("users")) {
            notes.add("users: the export holds no users; export with `kc.sh export --realm " + realm
                    + " --users same_file`");
        }
        JsonNode userNodes = optionalArray(realmNode, "users", "users");
        for (int i = 0; i < userNodes.size(); i++) {
            users.add(user(userNodes.get(i), "users[" + i + "]", realmNode));
        }
        var settings = new KeycloakExport.RealmSettings(text(realmNode, "defaultLocale"),
                bool(realmNode, "registrationAllowed"), bool(realmNode, "verifyEmail"),
                integer(realmNode, "accessTokenLifespan"), integer(realmNode, "ssoSessionIdleTimeout"),
                integer(realmNode, "ssoSessionMaxLifespan"));
        return new KeycloakExport(realm, text(realmNode, "displayName"), text(realmNode, "keycloakVersion"), settings,
                List.copyOf(clients), List.copyOf(users), List.copyOf(notes));
    }

    /** The realm object: the file's top level, or the one named {@code realm} in a multi-realm export (a list). */
    private static JsonNode selectRealm(JsonNode root, String realm) {
        if (root.isArray()) {
            for (JsonNode candidate : root) {
                if (candidate.isObject() && realm.equals(candidate.path("realm").asString(""))) {
                    return candidate;
                }
            }
            throw new MalformedExportException("the file", "holds no realm named '" + realm + "'");
        }
        if (!root.isObject()) {
            throw new MalformedExportException("the file", "is not a Keycloak realm export (expected a JSON object"
                    + " with \"realm\")");
        }
        JsonNode name = root.get("realm");
        if (name == null || !name.isString() || name.asString().isBlank()) {
            throw new MalformedExportException("realm", "missing: this is not a Keycloak realm export (kc.sh export"
                    + " --realm NAME --file FILE writes one)");
        }
        if (!name.asString().equals(realm)) {
            throw new MalformedExportException("realm", "the export holds realm '" + name.asString()
                    + "', not '" + realm + "'");
        }
        return root;
    }

    private static KeycloakClient client(JsonNode node, String where) {
        requireObject(node, where);
        String clientId = requiredText(node, "clientId", where);
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode attributeNode = node.path("attributes");
        if (!attributeNode.isMissingNode() && !attributeNode.isObject()) {
            throw new MalformedExportException(where + ".attributes", "must be an object");
        }
        attributeNode.properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asString("")));
        return new KeycloakClient(clientId, text(node, "name"), text(node, "protocol").orElse("openid-connect"),
                bool(node, "enabled").orElse(true), bool(node, "publicClient").orElse(false),
                bool(node, "bearerOnly").orElse(false),
                text(node, "clientAuthenticatorType").orElse("client-secret"),
                text(node, "secret").isPresent(), text(node, "rootUrl"),
                strings(node, "redirectUris", where), strings(node, "webOrigins", where),
                bool(node, "standardFlowEnabled").orElse(true), bool(node, "implicitFlowEnabled").orElse(false),
                bool(node, "directAccessGrantsEnabled").orElse(false),
                bool(node, "serviceAccountsEnabled").orElse(false), bool(node, "consentRequired").orElse(false),
                bool(node, "frontchannelLogout").orElse(false), strings(node, "defaultClientScopes", where),
                strings(node, "optionalClientScopes", where), node.path("protocolMappers").size(),
                Map.copyOf(attributes));
    }

    private static KeycloakUser user(JsonNode node, String where, JsonNode realmNode) {
        requireObject(node, where);
        String id = requiredText(node, "id", where);
        String username = requiredText(node, "username", where);
        JsonNode attributes = node.path("attributes");
        Optional<String> locale = Optional.empty();
        List<String> otherAttributes = new ArrayList<>();
        for (var entry : attributes.properties()) {
            if (entry.getKey().equals("locale")) {
                JsonNode value = entry.getValue();
                locale = Optional.of(value.isArray() ? value.path(0).asString("") : value.asString(""))
                        .filter(s -> !s.isBlank());
            } else {
                otherAttributes.add(entry.getKey());
            }
        }
        List<KeycloakCredential> credentials = new ArrayList<>();
        JsonNode credentialNodes = optionalArray(node, "credentials", where + ".credentials");
        for (int i = 0; i < credentialNodes.size(); i++) {
            credentials.add(credential(credentialNodes.get(i), where + ".credentials[" + i + "]", realmNode));
        }
        List<String> roles = new ArrayList<>();
        String defaultRole = "default-roles-" + realmNode.path("realm").asString("");
        strings(node, "realmRoles", where).stream().filter(r -> !r.equals(defaultRole))
                .forEach(r -> roles.add("realm role " + r));
        node.path("clientRoles").properties().forEach(e -> e.getValue().forEach(
                r -> roles.add("role " + r.asString("") + " of client " + e.getKey())));
        strings(node, "groups", where).forEach(g -> roles.add("group " + g));
        Instant created = node.path("createdTimestamp").isNumber()
                ? Instant.ofEpochMilli(node.path("createdTimestamp").asLong()) : Instant.EPOCH;
        return new KeycloakUser(id, username, text(node, "email"), text(node, "firstName").orElse(""),
                text(node, "lastName").orElse(""), bool(node, "emailVerified").orElse(false),
                bool(node, "enabled").orElse(true), locale, created, List.copyOf(credentials),
                text(node, "serviceAccountClientId"), text(node, "federationLink"),
                strings(node, "requiredActions", where), List.copyOf(otherAttributes), List.copyOf(roles));
    }

    private static KeycloakCredential credential(JsonNode node, String where, JsonNode realmNode) {
        requireObject(node, where);
        String type = requiredText(node, "type", where);
        JsonNode secretData = embeddedJson(node, "secretData", where);
        JsonNode credentialData = embeddedJson(node, "credentialData", where);
        return switch (type) {
            case "password" -> password(secretData, credentialData);
            case "otp" -> otp(secretData, credentialData);
            case "webauthn", "webauthn-passwordless" -> new KeycloakCredential.NotMapped(type,
                    "passkeys are not imported yet (a passkey works only for the host name it was registered on,"
                            + " and its user handle is Keycloak's user id, not Toegang's); the person registers the"
                            + " passkey again on the account page");
            default -> new KeycloakCredential.NotMapped(type, "Toegang has no credential of this type");
        };
    }

    private static KeycloakCredential password(JsonNode secretData, JsonNode credentialData) {
        String algorithm = credentialData.path("algorithm").asString("");
        try {
            byte[] salt = Base64.getDecoder().decode(secretData.path("salt").asString(""));
            byte[] hash = Base64.getDecoder().decode(secretData.path("value").asString(""));
            int iterations = credentialData.path("hashIterations").asInt(0);
            if (algorithm.equals("argon2")) {
                JsonNode extra = credentialData.path("additionalParameters");
                String version = first(extra, "version").orElse("1.3");
                int v = switch (version) {
                    case "1.3" -> 19;
                    case "1.0" -> 16;
                    default -> throw new IllegalArgumentException("Argon2 version " + version);
                };
                int hashLength = Integer.parseInt(first(extra, "hashLength").orElse(String.valueOf(hash.length)));
                if (hashLength != hash.length) {
                    throw new IllegalArgumentException("hashLength does not match the hash");
                }
                return new KeycloakCredential.Password(new LegacyPasswordHash.Argon2(first(extra, "type").orElse("id"),
                        v, Integer.parseInt(first(extra, "memory").orElse("7168")), iterations,
                        Integer.parseInt(first(extra, "parallelism").orElse("1")), salt, hash));
            }
            var prf = LegacyPasswordHash.Pbkdf2.Prf.byName(algorithm);
            if (prf.isEmpty()) {
                return new KeycloakCredential.NotMapped("password", "hash algorithm '" + algorithm + "' is not one"
                        + " Toegang verifies (pbkdf2, pbkdf2-sha256, pbkdf2-sha512, argon2); the person sets a new"
                        + " password with 'forgot password'");
            }
            return new KeycloakCredential.Password(new LegacyPasswordHash.Pbkdf2(prf.get(), iterations, salt, hash));
        } catch (IllegalArgumentException e) {
            return new KeycloakCredential.NotMapped("password", "the " + (algorithm.isEmpty() ? "password" : algorithm)
                    + " hash is incomplete or out of range (" + e.getMessage() + "); the person sets a new password"
                    + " with 'forgot password'");
        }
    }

    private static KeycloakCredential otp(JsonNode secretData, JsonNode credentialData) {
        String subType = credentialData.path("subType").asString("totp");
        if (!subType.equals("totp")) {
            return new KeycloakCredential.NotMapped("otp", "counter-based (HOTP) codes are not supported; the"
                    + " person sets up the authenticator app again");
        }
        String algorithm = credentialData.path("algorithm").asString("HmacSHA1");
        Optional<HmacAlgorithm> hmac = java.util.Arrays.stream(HmacAlgorithm.values())
                .filter(a -> a.jcaName().equals(algorithm)).findFirst();
        if (hmac.isEmpty()) {
            return new KeycloakCredential.NotMapped("otp", "algorithm '" + algorithm + "' is not HmacSHA1, HmacSHA256"
                    + " or HmacSHA512");
        }
        String value = secretData.path("value").asString("");
        byte[] key = "BASE32".equalsIgnoreCase(credentialData.path("secretEncoding").asString(""))
                ? nl.toegang.mfa.totp.Base32.decode(value) : value.getBytes(StandardCharsets.UTF_8);
        try {
            var parameters = new TotpParameters(hmac.get(), credentialData.path("digits").asInt(6),
                    Duration.ofSeconds(credentialData.path("period").asInt(30)));
            return new KeycloakCredential.Otp(TotpSecret.of(key), parameters);
        } catch (IllegalArgumentException e) {
            return new KeycloakCredential.NotMapped("otp", e.getMessage() + "; the person sets up the authenticator"
                    + " app again");
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    private static void realmNotes(JsonNode realm, List<String> notes) {
        REALM_SETTINGS_WITHOUT_EQUIVALENT.forEach((field, note) -> {
            JsonNode value = realm.path(field);
            boolean set = value.isBoolean() ? value.asBoolean() : value.isArray() || value.isObject()
                    ? !value.isEmpty() : !value.isMissingNode() && !value.isNull() && !value.asString("").isBlank();
            if (set) {
                notes.add(field + ": " + note);
            }
        });
        JsonNode components = realm.path("components");
        int federation = components.path("org.keycloak.storage.UserStorageProvider").size();
        if (federation > 0) {
            notes.add("components: " + federation + " user federation provider(s) (LDAP/Kerberos); users stored there"
                    + " are not in the export and are not imported");
        }
        int customFlows = 0;
        for (JsonNode flow : realm.path("authenticationFlows")) {
            if (!flow.path("builtIn").asBoolean(true)) {
                customFlows++;
            }
        }
        if (customFlows > 0) {
            notes.add("authenticationFlows: " + customFlows + " custom flow(s); Toegang's login is fixed: password,"
                    + " then the second factor per settings.mfa");
        }
        int customRoles = 0;
        String defaultRole = "default-roles-" + realm.path("realm").asString("");
        for (JsonNode role : realm.path("roles").path("realm")) {
            String name = role.path("name").asString("");
            if (!Set.of(defaultRole, "offline_access", "uma_authorization").contains(name)) {
                customRoles++;
            }
        }
        if (customRoles > 0) {
            notes.add("roles: " + customRoles + " realm role(s); Toegang has no user roles for relying parties");
        }
    }

    private static Map<String, String> realmSettingsWithoutEquivalent() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("passwordPolicy", "not carried over; Toegang applies its own password policy (NIST SP 800-63B,"
                + " docs/accounts.md) to new passwords; imported passwords keep working");
        m.put("bruteForceProtected", "Keycloak's brute-force detection is replaced by Toegang's throttling and"
                + " lockout (settings.lockout, docs/security-lockout.md)");
        m.put("identityProviders", "identity brokering is not carried over; see upstreams in docs/upstream.md");
        m.put("smtpServer", "mail settings are server configuration in Toegang (spring.mail.*), not per realm");
        m.put("groups", "groups have no Toegang equivalent");
        m.put("clientScopes", "client scopes and their protocol mappers are not carried over; Toegang issues the"
                + " standard openid, profile and email claims");
        m.put("eventsEnabled", "Toegang always writes its audit trail (docs/operations.md)");
        m.put("adminEventsEnabled", "Toegang always audits admin actions");
        m.put("rememberMe", "Toegang has no remember-me; see settings.sessionAbsoluteTimeout");
        m.put("internationalizationEnabled", "Toegang's pages are Dutch and English always; supportedLocales other"
                + " than nl and en are not offered");
        m.put("loginTheme", "themes are not carried over; see texts in docs/realm-file.md");
        m.put("otpPolicyCodeReusable", "Toegang never accepts a TOTP code twice");
        m.put("organizationsEnabled", "organizations have no Toegang equivalent");
        m.put("clientPolicies", "client policies are not carried over; see profile: fapi2 per client");
        return m;
    }

    private static JsonNode embeddedJson(JsonNode credential, String field, String where) {
        JsonNode value = credential.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return JSON.createObjectNode();
        }
        if (!value.isString()) {
            throw new MalformedExportException(where + "." + field, "must be a string holding JSON");
        }
        try {
            JsonNode parsed = JSON.readTree(value.asString());
            if (!parsed.isObject()) {
                throw new MalformedExportException(where + "." + field, "must hold a JSON object");
            }
            return parsed;
        } catch (JacksonException e) {
            throw new MalformedExportException(where + "." + field, "is not JSON");
        }
    }

    private static Optional<String> first(JsonNode parameters, String name) {
        JsonNode value = parameters.path(name);
        return Optional.of(value.isArray() ? value.path(0).asString("") : value.asString(""))
                .filter(s -> !s.isBlank());
    }

    private static void requireObject(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new MalformedExportException(where, "must be an object");
        }
    }

    private static String requiredText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new MalformedExportException(where + "." + field, "missing or not a string");
        }
        return value.asString();
    }

    private static JsonNode optionalArray(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return JSON.createArrayNode();
        }
        if (!value.isArray()) {
            throw new MalformedExportException(where, "must be a list");
        }
        return value;
    }

    private static List<String> strings(JsonNode node, String field, String where) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : optionalArray(node, field, where + "." + field)) {
            out.add(item.asString(""));
        }
        return List.copyOf(out);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() && !value.asString().isBlank() ? Optional.of(value.asString()) : Optional.empty();
    }

    private static Optional<Boolean> bool(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isBoolean() ? Optional.of(value.asBoolean()) : Optional.empty();
    }

    private static Optional<Integer> integer(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isInt() ? Optional.of(value.asInt()) : Optional.empty();
    }
}
