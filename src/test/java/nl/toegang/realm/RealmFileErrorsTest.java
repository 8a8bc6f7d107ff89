package nl.toegang.realm;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every refused realm file: the error must name the line and say what is wrong in words an operator understands. */
class RealmFileErrorsTest {
    @TempDir
    Path dir;
    RealmFiles files;

    @BeforeEach
    void setUp() {
        files = RealmFiles.development(dir);
    }

    private static void assertError(RealmFileException e, int line, String... fragments) {
        assertThat(e.line()).as("line of: %s", e.getMessage()).isEqualTo(line);
        assertThat(e.problem()).contains(fragments);
        assertThat(e.getMessage()).startsWith(e.file() + (line > 0 ? ":" + line + ": " : ": "));
    }

    /** A valid realm whose single client gets the given extra lines (indented 4 spaces, from line 6 on). */
    private static String realmWithClient(String clientLines) {
        return """
                name: portal
                displayName: Portaal
                clients:
                  - clientId: app
                    type: confidential
                """ + clientLines.indent(4);
    }

    // --- the file as a whole ---

    @Test
    void whenFileIsEmptyThenErrorSaysSo() {
        assertError(files.failure(""), 0, "the file is empty");
    }

    @Test
    void whenFileHasOnlyCommentsThenErrorSaysItIsEmpty() {
        assertError(files.failure("# nothing here yet\n"), 0, "the file is empty");
    }

    @Test
    void whenTopLevelIsAListThenErrorAsksForAMapping() {
        assertError(files.failure("- name: portal\n"), 1, "top level of a realm file must be a mapping", "found a list");
    }

    @Test
    void whenTopLevelIsAPlainValueThenErrorAsksForAMapping() {
        assertError(files.failure("portal\n"), 1, "must be a mapping", "found a single value");
    }

    @Test
    void whenYamlSyntaxIsBrokenThenErrorHasTheLineFromSnakeYaml() {
        RealmFileException e = files.failure("""
                name: portal
                displayName: Portaal
                clients: [app
                users: []
                """);

        assertThat(e.problem()).startsWith("invalid YAML: ");
        assertThat(e.line()).isBetween(4, 5);
    }

    @Test
    void whenIndentationIsWrongThenErrorPointsAtTheLine() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                  settings: x
                """), 3, "invalid YAML", "mapping values are not allowed here");
    }

    @Test
    void whenFieldAppearsTwiceThenErrorNamesBothLines() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                name: other
                """), 3, "field 'name' appears twice at the top level (first on line 1)");
    }

    @Test
    void whenYamlTagWouldConstructAJavaObjectThenItIsRefused() {
        RealmFileException e = files.failure("""
                name: portal
                displayName: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://x"]]]]
                """);

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.problem()).contains("YAML tags that name Java classes", "are not allowed in realm files");
    }

    @Test
    void whenFileHoldsTwoDocumentsThenErrorAsksForOne() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                ---
                name: other
                """), 3, "a realm file holds exactly one YAML document");
    }

    @Test
    void whenAnchorsAreExpandedTooOftenThenTheFileIsRefused() {
        RealmFileException e = files.failure("""
                name: portal
                displayName: Portaal
                settings: &s [*s, *s, *s, *s, *s, *s, *s, *s, *s, *s, *s, *s]
                """);

        assertThat(e.problem()).startsWith("invalid YAML: ").contains("aliases");
    }

    @Test
    void whenLocalYamlTagIsUsedThenItIsRefused() {
        assertError(files.failure("""
                name: portal
                displayName: !custom Portaal
                """), 2, "YAML tag '!custom' is not allowed in realm files");
    }

    @Test
    void whenMergeKeyIsUsedThenErrorExplainsItIsUnsupported() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                settings:
                  <<: {defaultLocale: en}
                """), 4, "merge keys (<<) are not supported");
    }

    // --- fields ---

    @Test
    void whenTopLevelFieldIsUnknownThenErrorNamesItAndListsAllowedFields() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                theme: dark
                """), 3, "unknown field 'theme' at the top level",
                "allowed fields: name, displayName, settings, clients, users");
    }

    @Test
    void whenSettingsFieldIsUnknownThenErrorNamesItAndListsAllowedFields() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                settings:
                  idTokenTtl: 5m
                """), 4, "unknown field 'idTokenTtl' in settings", "allowed fields: signingAlgorithm, idTokenLifetime");
    }

    @Test
    void whenClientFieldIsSnakeCaseThenErrorSuggestsTheCamelCaseName() {
        assertError(files.failure(realmWithClient("""
                secret: s
                redirect_uris: [https://app.example.org/cb]
                """)), 7, "unknown field 'redirect_uris' in client 'app'", "(did you mean 'redirectUris'?)",
                "allowed fields: clientId, name, type");
    }

    @Test
    void whenUserFieldIsUnknownThenErrorNamesTheUser() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                users:
                  - email: alice@example.org
                    password: pw
                    name: Alice
                    role: admin
                """), 7, "unknown field 'role' in user 'alice@example.org'",
                "allowed fields: email, password, name, emailVerified, locale");
    }

    @Test
    void whenListGivenWhereSingleValueExpectedThenErrorNamesTheType() {
        assertError(files.failure("""
                name: [portal, other]
                displayName: Portaal
                """), 1, "field 'name' at the top level must be a single value, found a list");
    }

    @Test
    void whenSingleValueGivenWhereListExpectedThenErrorNamesTheType() {
        assertError(files.failure(realmWithClient("""
                secret: s
                redirectUris: https://app.example.org/cb
                """)), 7, "field 'redirectUris' in client 'app' must be a list, found a single value");
    }

    @Test
    void whenListEntryIsAMappingThenErrorNamesTheEntry() {
        assertError(files.failure(realmWithClient("""
                secret: s
                redirectUris:
                  - uri: https://app.example.org/cb
                """)), 8, "each entry of 'redirectUris' in client 'app' must be a single value, found a mapping");
    }

    @Test
    void whenClientsIsAMappingThenErrorSaysItMustBeAList() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                clients:
                  app: {type: public}
                """), 4, "field 'clients' at the top level must be a list, found a mapping");
    }

    @Test
    void whenBooleanIsNotTrueOrFalseThenErrorShowsTheValue() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                users:
                  - email: alice@example.org
                    password: pw
                    name: Alice
                    emailVerified: maybe
                """), 7, "field 'emailVerified' in user 'alice@example.org' must be true or false, found 'maybe'");
    }

    @Test
    void whenRequiredTopLevelFieldIsMissingThenErrorNamesIt() {
        assertError(files.failure("""
                name: portal
                """), 1, "missing required field 'displayName' at the top level");
    }

    @Test
    void whenRequiredFieldHasNoValueThenErrorPointsAtTheField() {
        assertError(files.failure("""
                name: portal
                displayName:
                """), 2, "required field 'displayName' at the top level has no value");
    }

    @Test
    void whenRequiredFieldIsEmptyStringThenErrorSaysItMustNotBeEmpty() {
        assertError(files.failure("""
                name: portal
                displayName: ""
                """), 2, "field 'displayName' at the top level must not be empty");
    }

    @Test
    void whenClientTypeIsMissingThenErrorNamesTheClientAndItsLine() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                clients:
                  - clientId: app
                    redirectUris: [https://app.example.org/cb]
                """), 4, "missing required field 'type' in client 'app'");
    }

    @Test
    void whenClientIdIsMissingThenErrorNamesTheEntryNumber() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                clients:
                  - clientId: app
                    type: public
                    redirectUris: [https://app.example.org/cb]
                  - type: public
                """), 7, "missing required field 'clientId' in clients entry 2");
    }

    @Test
    void whenTheBuiltInAccountConsoleIsDeclaredThenErrorSaysItIsBuiltIn() {
        // The server defines it; a realm file could otherwise add a redirect URI or a secret to it.
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                clients:
                  - clientId: account-console
                    type: public
                    redirectUris: [https://evil.example.org/cb]
                """), 4, "clientId 'account-console' is built in", "remove this entry");
    }

    @Test
    void whenRealmNameHasUppercaseThenErrorExplainsThePattern() {
        assertError(files.failure("""
                name: Portal
                displayName: Portaal
                """), 1, "realm name 'Portal' must be 1 to 63 lowercase letters, digits or hyphens");
    }

    // --- uniqueness ---

    @Test
    void whenClientIdDuplicatedThenErrorNamesBothLines() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                clients:
                  - clientId: app
                    type: public
                    redirectUris: [https://app.example.org/cb]
                  - clientId: app
                    type: public
                    redirectUris: [https://other.example.org/cb]
                """), 7, "clientId 'app' is already used by the client on line 4");
    }

    @Test
    void whenUserEmailDuplicatedIgnoringCaseThenErrorNamesBothLines() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                users:
                  - email: alice@example.org
                    password: pw
                    name: Alice
                  - email: Alice@Example.org
                    password: pw2
                    name: Alice again
                """), 7, "email 'Alice@Example.org' is already used by the user on line 4");
    }

    @Test
    void whenUserEmailIsNotAnAddressThenErrorShowsIt() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                users:
                  - email: alice at example.org
                    password: pw
                    name: Alice
                """), 4, "'alice at example.org' is not an email address");
    }

    // --- clients: flows and redirect URIs ---

    @Test
    void whenAuthorizationCodeClientHasNoRedirectUrisThenErrorAsksForThem() {
        assertError(files.failure(realmWithClient("""
                secret: s
                """)), 4, "client 'app' uses authorization_code but has no redirectUris");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/login/callback", "app.example.org/cb", "https:callback"})
    void whenRedirectUriIsNotAbsoluteThenErrorSaysItMustBe(String uri) {
        assertError(files.failure(realmWithClient("""
                secret: s
                redirectUris: ["%s"]
                """.formatted(uri))), 7, "redirectUris entry '" + uri + "' of client 'app' must be an absolute URI");
    }

    @Test
    void whenRedirectUriHasFragmentThenErrorExplains() {
        assertError(files.failure(realmWithClient("""
                secret: s
                redirectUris: ["https://app.example.org/cb#done"]
                """)), 7, "must not contain a fragment");
    }

    @Test
    void whenRedirectUriHasWildcardThenErrorExplains() {
        assertError(files.failure(realmWithClient("""
                secret: s
                redirectUris: ["https://*.example.org/cb"]
                """)), 7, "'https://*.example.org/cb' of client 'app' must not contain a wildcard");
    }

    @Test
    void whenPostLogoutRedirectUriIsRelativeThenErrorNamesTheField() {
        assertError(files.failure(realmWithClient("""
                secret: s
                redirectUris: [https://app.example.org/cb]
                postLogoutRedirectUris: [/logged-out]
                """)), 8, "postLogoutRedirectUris entry '/logged-out' of client 'app' must be an absolute URI");
    }

    @Test
    void whenRedirectUriUsesJavascriptSchemeThenItIsRefused() {
        assertError(files.failure(realmWithClient("""
                secret: s
                redirectUris: ["javascript://x/%0aalert(1)"]
                """)), 7, "scheme 'javascript:'");
    }

    @Test
    void whenNativeAppUsesCustomSchemeThenItIsAccepted() {
        ClientDefinition client = files.parse("""
                name: portal
                displayName: Portaal
                clients:
                  - clientId: mobile
                    type: public
                    redirectUris: ["nl.example.app:/oauth2redirect"]
                """).clients().get(0);

        assertThat(client.redirectUris()).containsExactly("nl.example.app:/oauth2redirect");
    }

    @ParameterizedTest
    @ValueSource(strings = {"implicit", "password", "hybrid", "token", "code id_token"})
    void whenLegacyGrantTypeRequestedThenItIsRefusedWithAReason(String grant) {
        RealmFileException e = files.failure(realmWithClient("""
                secret: s
                redirectUris: [https://app.example.org/cb]
                grantTypes: [authorization_code, "%s"]
                """.formatted(grant)));

        assertError(e, 8, "grant type '" + grant + "' of client 'app' is not supported: ",
                "use authorization_code");
        assertThat(e.problem()).containsAnyOf("browser URL", "password to the client", "through the browser");
    }

    @Test
    void whenGrantTypeIsUnknownThenErrorListsAllowedOnes() {
        assertError(files.failure(realmWithClient("""
                secret: s
                grantTypes: [device_code]
                """)), 7, "unknown grant type 'device_code' in client 'app'",
                "allowed: authorization_code, refresh_token, client_credentials");
    }

    @Test
    void whenRefreshTokenWithoutAuthorizationCodeThenErrorExplains() {
        assertError(files.failure(realmWithClient("""
                secret: s
                grantTypes: [client_credentials, refresh_token]
                """)), 7, "refresh_token without authorization_code");
    }

    // --- clients: authentication ---

    @Test
    void whenPublicClientHasSecretThenErrorSaysPublicClientsCannotKeepSecrets() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                clients:
                  - clientId: spa
                    type: public
                    secret: s
                    redirectUris: [https://spa.example.org/]
                """), 6, "client 'spa' is public and cannot keep a secret");
    }

    @Test
    void whenPublicClientUsesClientCredentialsThenErrorExplains() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                clients:
                  - clientId: spa
                    type: public
                    redirectUris: [https://spa.example.org/]
                    grantTypes: [authorization_code, client_credentials]
                """), 7, "client 'spa' is public and cannot use client_credentials");
    }

    @Test
    void whenConfidentialClientHasNoWayToAuthenticateThenErrorListsTheOptions() {
        assertError(files.failure(realmWithClient("""
                redirectUris: [https://app.example.org/cb]
                """)), 4, "client 'app' is confidential but has no way to authenticate",
                "secret", "jwks/jwksUri", "type: public");
    }

    @Test
    void whenPrivateKeyJwtWithoutKeysThenErrorAsksForJwks() {
        assertError(files.failure(realmWithClient("""
                secret: s
                authenticationMethods: [client_secret_basic, private_key_jwt]
                redirectUris: [https://app.example.org/cb]
                """)), 7, "client 'app' uses private_key_jwt but has neither jwks nor jwksUri");
    }

    @Test
    void whenSecretMethodWithoutSecretThenErrorSaysSo() {
        assertError(files.failure(realmWithClient("""
                jwksUri: https://app.example.org/jwks
                authenticationMethods: [client_secret_post]
                redirectUris: [https://app.example.org/cb]
                """)), 7, "client 'app' uses client_secret_post but has no secret");
    }

    @Test
    void whenConfidentialClientUsesNoneThenErrorSaysOnlyPublicClientsMay() {
        assertError(files.failure(realmWithClient("""
                secret: s
                authenticationMethods: [none]
                redirectUris: [https://app.example.org/cb]
                """)), 7, "'none' is only for public clients");
    }

    @Test
    void whenClientTypeIsUnknownThenErrorListsTypes() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                clients:
                  - clientId: app
                    type: trusted
                """), 5, "unknown client type 'trusted' in client 'app'; allowed: confidential", "public");
    }

    // --- settings ---

    @ParameterizedTest
    @ValueSource(strings = {"5 minutes", "300", "5M", "PT", "-5m", "5w"})
    void whenDurationIsInvalidThenErrorShowsTheValueAndTheFormats(String value) {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                settings:
                  idTokenLifetime: "%s"
                """.formatted(value)), 4, "idTokenLifetime '" + value + "' is not a duration", "30s, 5m, 8h, 90d");
    }

    @Test
    void whenDurationIsZeroThenErrorSaysAtLeastOneSecond() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                settings:
                  accessTokenLifetime: 0s
                """), 4, "accessTokenLifetime must be at least 1s");
    }

    @Test
    void whenAuthorizationCodeLifetimeAboveSixtySecondsThenErrorGivesTheRange() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                settings:
                  authorizationCodeLifetime: 2m
                """), 4, "authorizationCodeLifetime must be between 1s and 60s, found 120s");
    }

    @Test
    void whenSigningAlgorithmIsUnknownThenErrorListsSupportedOnes() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                settings:
                  signingAlgorithm: HS256
                """), 4, "unknown signingAlgorithm 'HS256'; allowed: RS256, PS256, ES256");
    }

    @Test
    void whenDefaultLocaleIsUnsupportedThenErrorListsLocales() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                settings:
                  defaultLocale: de
                """), 4, "unknown defaultLocale 'de'; allowed: nl, en");
    }

    @Test
    void whenKeyRotationIntervalIsTooShortThenErrorGivesTheMinimum() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                settings:
                  keyRotationInterval: 10m
                """), 4, "keyRotationInterval must be at least 1h");
    }

    // --- second-factor policy ---

    @Test
    void whenRealmMfaPolicyIsUnknownThenErrorNamesLineAndAllowedValues() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                settings:
                  mfa: sometimes
                """), 4, "unknown settings.mfa 'sometimes'", "off, optional, required");
    }

    @Test
    void whenClientMfaPolicyIsUnknownThenErrorNamesLineAndClient() {
        assertError(files.failure(realmWithClient("""
                secret: a-long-enough-secret-for-dev
                redirectUris: [https://app.example.org/cb]
                mfa: always
                """)), 8, "unknown mfa of client 'app' 'always'", "off, optional, required");
    }

    @Test
    void whenMfaIsOffThenTheYamlBooleanSpellingIsStillTheWord() {
        var realm = files.parse("""
                name: portal
                displayName: Portaal
                settings:
                  mfa: off
                """);
        assertThat(realm.settings().mfa()).isEqualTo(MfaPolicy.OFF);
    }

    // --- session timeouts ---

    @Test
    void whenSessionIdleTimeoutIsTooShortThenErrorNamesTheLine() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                settings:
                  sessionIdleTimeout: 30s
                """), 4, "sessionIdleTimeout must be between 1m and 30d", "30s");
    }

    @Test
    void whenSessionAbsoluteTimeoutIsNotADurationThenErrorSaysSo() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                settings:
                  sessionAbsoluteTimeout: ten hours
                """), 4, "sessionAbsoluteTimeout 'ten hours' is not a duration");
    }

    @Test
    void whenIdleTimeoutIsLongerThanAbsoluteTimeoutThenErrorNamesTheIdleLine() {
        assertError(files.failure("""
                name: portal
                displayName: Portaal
                settings:
                  sessionAbsoluteTimeout: 1h
                  sessionIdleTimeout: 2h
                """), 5, "sessionIdleTimeout (2h) must not be longer than sessionAbsoluteTimeout (1h)");
    }
}
