package nl.toegang.realm;

import nl.toegang.realm.LockoutPolicy;
import nl.toegang.realm.ClientDefinition.ClientType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RealmFileParserTest {
    @TempDir
    Path dir;
    RealmFiles files;

    @BeforeEach
    void setUp() {
        files = RealmFiles.development(dir);
    }

    @Test
    void whenFullRealmFileThenEveryValueIsRead() {
        RealmDefinition realm = files.withEnvironment(Map.of("DEMO_PORTAL_SECRET", "from-env")).parse("""
                name: portal
                displayName: Mijn Portaal
                settings:
                  signingAlgorithm: ES256
                  idTokenLifetime: 10m
                  accessTokenLifetime: PT15M
                  refreshTokenLifetime: 12h
                  authorizationCodeLifetime: 30s
                  keyRotationInterval: 90d
                  defaultLocale: en
                clients:
                  - clientId: demo-portal
                    name: Demo portaal
                    type: confidential
                    secret: ${DEMO_PORTAL_SECRET:change-me}
                    authenticationMethods: [client_secret_basic]
                    redirectUris: [http://localhost:8081/login/oauth2/code/toegang]
                    postLogoutRedirectUris: [http://localhost:8081/]
                    grantTypes: [authorization_code, refresh_token, client_credentials]
                    scopes: [openid, profile, email]
                users:
                  - email: alice@example.org
                    password: Correct-Horse-Battery-42
                    name: Alice Example
                    emailVerified: true
                    locale: nl
                """);

        assertThat(realm.name()).isEqualTo("portal");
        assertThat(realm.displayName()).isEqualTo("Mijn Portaal");
        assertThat(realm.source()).isEqualTo(dir.resolve("realm.yaml"));
        assertThat(realm.settings()).isEqualTo(new RealmSettings("ES256", Duration.ofMinutes(10),
                Duration.ofMinutes(15), Duration.ofHours(12), Duration.ofSeconds(30),
                Optional.of(Duration.ofDays(90)), "en", RealmSettings.SelfService.defaults(), LockoutPolicy.defaults(),
                MfaPolicy.OPTIONAL, RealmSettings.Sessions.defaults()));

        ClientDefinition client = realm.client("demo-portal").orElseThrow();
        assertThat(client.name()).isEqualTo("Demo portaal");
        assertThat(client.type()).isEqualTo(ClientType.CONFIDENTIAL);
        assertThat(client.secret()).contains(new Secret("from-env"));
        assertThat(client.authenticationMethods()).containsExactly("client_secret_basic");
        assertThat(client.jwksUri()).isEmpty();
        assertThat(client.jwks()).isEmpty();
        assertThat(client.redirectUris()).containsExactly("http://localhost:8081/login/oauth2/code/toegang");
        assertThat(client.postLogoutRedirectUris()).containsExactly("http://localhost:8081/");
        assertThat(client.grantTypes())
                .containsExactlyInAnyOrder("authorization_code", "refresh_token", "client_credentials");
        assertThat(client.scopes()).containsExactlyInAnyOrder("openid", "profile", "email");
        assertThat(client.line()).isEqualTo(12);

        assertThat(realm.users()).singleElement().satisfies(user -> {
            assertThat(user.email()).isEqualTo("alice@example.org");
            assertThat(user.password().reveal()).isEqualTo("Correct-Horse-Battery-42");
            assertThat(user.name()).isEqualTo("Alice Example");
            assertThat(user.emailVerified()).isTrue();
            assertThat(user.locale()).isEqualTo("nl");
            assertThat(user.line()).isEqualTo(22);
        });
    }

    @Test
    void whenOnlyRequiredFieldsThenDefaultsApply() {
        RealmDefinition realm = files.parse("""
                name: minimal
                displayName: Minimal
                """);

        assertThat(realm.settings()).isEqualTo(RealmSettings.defaults());
        assertThat(realm.clients()).isEmpty();
        assertThat(realm.users()).isEmpty();
    }

    @Test
    void whenSettingsPartlyGivenThenOtherSettingsKeepDefaults() {
        RealmDefinition realm = files.parse("""
                name: partial
                displayName: Partial
                settings:
                  accessTokenLifetime: 2m
                """);

        assertThat(realm.settings()).isEqualTo(new RealmSettings("RS256", Duration.ofMinutes(5),
                Duration.ofMinutes(2), Duration.ofHours(8), Duration.ofSeconds(60), Optional.empty(), "nl",
                RealmSettings.SelfService.defaults(), LockoutPolicy.defaults(), MfaPolicy.OPTIONAL,
                RealmSettings.Sessions.defaults()));
    }

    @Test
    void whenConfidentialClientHasSecretThenDefaultsAreBasicAndPostAndCodeFlowWithOpenid() {
        ClientDefinition client = files.parse("""
                name: portal
                displayName: Portaal
                clients:
                  - clientId: app
                    type: confidential
                    secret: s3cret
                    redirectUris: [https://app.example.org/callback]
                """).clients().get(0);

        assertThat(client.name()).isEqualTo("app");
        assertThat(client.authenticationMethods()).containsExactlyInAnyOrder("client_secret_basic", "client_secret_post");
        assertThat(client.grantTypes()).containsExactlyInAnyOrder("authorization_code", "refresh_token");
        assertThat(client.scopes()).containsExactly("openid");
        assertThat(client.postLogoutRedirectUris()).isEmpty();
    }

    @Test
    void whenConfidentialClientHasOnlyJwksUriThenDefaultIsPrivateKeyJwt() {
        ClientDefinition client = files.parse("""
                name: portal
                displayName: Portaal
                clients:
                  - clientId: service
                    type: confidential
                    jwksUri: https://service.example.org/jwks.json
                    grantTypes: [client_credentials]
                """).clients().get(0);

        assertThat(client.authenticationMethods()).containsExactly("private_key_jwt");
        assertThat(client.jwksUri()).contains("https://service.example.org/jwks.json");
        assertThat(client.secret()).isEmpty();
        assertThat(client.redirectUris()).isEmpty();
    }

    @Test
    void whenPublicClientThenDefaultAuthenticationIsNone() {
        ClientDefinition client = files.parse("""
                name: portal
                displayName: Portaal
                clients:
                  - clientId: spa
                    type: public
                    redirectUris: [https://spa.example.org/]
                """).clients().get(0);

        assertThat(client.type()).isEqualTo(ClientType.PUBLIC);
        assertThat(client.authenticationMethods()).containsExactly("none");
        assertThat(client.secret()).isEmpty();
    }

    @Test
    void whenUserOmitsOptionalFieldsThenNotVerifiedAndRealmLocale() {
        UserSeed user = files.parse("""
                name: portal
                displayName: Portaal
                settings:
                  defaultLocale: en
                users:
                  - email: bob@example.org
                    password: pw
                    name: Bob
                """).users().get(0);

        assertThat(user.emailVerified()).isFalse();
        assertThat(user.locale()).isEqualTo("en");
    }

    @Test
    void whenListsAreWrittenInBlockStyleThenTheyAreRead() {
        ClientDefinition client = files.parse("""
                name: portal
                displayName: Portaal
                clients:
                  - clientId: app
                    type: public
                    redirectUris:
                      - https://app.example.org/a
                      - https://app.example.org/b
                """).clients().get(0);

        assertThat(client.redirectUris()).containsExactly("https://app.example.org/a", "https://app.example.org/b");
    }

    @Test
    void whenAnchorsShareAListThenBothClientsGetIt() {
        RealmDefinition realm = files.parse("""
                name: portal
                displayName: Portaal
                clients:
                  - clientId: a
                    type: public
                    redirectUris: &uris [https://app.example.org/cb]
                  - clientId: b
                    type: public
                    redirectUris: *uris
                """);

        assertThat(realm.client("b").orElseThrow().redirectUris()).containsExactly("https://app.example.org/cb");
    }

    @Test
    void whenSecretsAreParsedThenNoRecordToStringRevealsThem() {
        RealmDefinition realm = files.parse("""
                name: portal
                displayName: Portaal
                clients:
                  - clientId: app
                    type: confidential
                    secret: client-secret-value-123
                    redirectUris: [https://app.example.org/cb]
                users:
                  - email: alice@example.org
                    password: user-password-value-456
                    name: Alice
                """);

        assertThat(realm.toString()).doesNotContain("client-secret-value-123", "user-password-value-456");
        assertThat(realm.clients().get(0).toString()).doesNotContain("client-secret-value-123");
        assertThat(realm.users().get(0).toString()).doesNotContain("user-password-value-456");
        assertThat(realm.clients().get(0).secret().orElseThrow().reveal()).isEqualTo("client-secret-value-123");
    }

    @Test
    void whenFileStartsWithByteOrderMarkThenItIsIgnored() {
        RealmDefinition realm = files.parse("\uFEFFname: portal\ndisplayName: Portaal\n");

        assertThat(realm.name()).isEqualTo("portal");
    }

    @Test
    void sessionTimeoutsDefaultTo30MinutesIdleAnd10HoursAbsoluteAndCanBeSetPerRealm() {
        RealmDefinition defaults = files.parse("""
                name: portal
                displayName: Portaal
                """);
        assertThat(defaults.settings().sessions())
                .isEqualTo(new RealmSettings.Sessions(Duration.ofMinutes(30), Duration.ofHours(10)));

        RealmDefinition custom = files.parse("""
                name: portal
                displayName: Portaal
                settings:
                  sessionIdleTimeout: 10m
                  sessionAbsoluteTimeout: 2h
                """);
        assertThat(custom.settings().sessions())
                .isEqualTo(new RealmSettings.Sessions(Duration.ofMinutes(10), Duration.ofHours(2)));
    }
}
