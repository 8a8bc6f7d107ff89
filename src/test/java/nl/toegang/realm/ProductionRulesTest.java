package nl.toegang.realm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ProductionRulesTest {
    private static final String WEAK_SECRET_MESSAGE = "client 'app' has a weak secret; use at least 32 random"
            + " characters (e.g. openssl rand -base64 32)";

    @TempDir
    Path dir;

    private static String realmWithSecret(String secret) {
        return """
                name: portal
                displayName: Portaal
                clients:
                  - clientId: app
                    type: confidential
                    secret: "%s"
                    redirectUris: [https://app.example.org/cb]
                """.formatted(secret);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "change-me",                                   // well-known placeholder
            "tooShortButRandom-9f8A",                      // shorter than 32
            "abababababababababababababababababababab",    // long but two characters
            "aaaabbbbccccddddeeeeffffgggghhhhiiii",         // long enough, but only 9 distinct characters
            "Change-Me-Change-Me-Change-Me-Change-Me-42",  // placeholder hidden in a long value
            "xK9#mQ2$vL7!xK9#mQ2$vL7!xK9#mQ2$vL7!xK9#mQ2$vL7!"}) // repetition of a random-looking unit
    void whenProductionAndSecretIsWeakThenItIsRefused(String secret) {
        RealmFileException e = RealmFiles.development(dir).inProduction().failure(realmWithSecret(secret));

        assertThat(e.line()).isEqualTo(6);
        assertThat(e.problem()).isEqualTo(WEAK_SECRET_MESSAGE);
        assertThat(e.getMessage()).doesNotContain(secret);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "q3Zk8vJ2+Xy9Lm0pRt6Wd1Ns4Hb7Gc5Ae0Fu2Ji8Ko=",                       // openssl rand -base64 32
            "4f1c9a7e2b8d6035c1e9f7a2b4d8063e5c7a9f1b3d5e7092c4a6e8f0b1d3f5a7"}) // openssl rand -hex 32
    void whenProductionAndSecretIsRandomThenItIsAccepted(String secret) {
        RealmDefinition realm = RealmFiles.development(dir).inProduction().parse(realmWithSecret(secret));

        assertThat(realm.clients().get(0).secret().orElseThrow().reveal()).isEqualTo(secret);
    }

    @Test
    void whenNotProductionThenWeakSecretIsAccepted() {
        RealmDefinition realm = RealmFiles.development(dir).parse(realmWithSecret("change-me"));

        assertThat(realm.clients().get(0).secret().orElseThrow().reveal()).isEqualTo("change-me");
    }

    @Test
    void whenProductionAndUsersAreSeededThenTheyAreRefused() {
        RealmFileException e = RealmFiles.development(dir).inProduction().failure("""
                name: portal
                displayName: Portaal
                users:
                  - email: alice@example.org
                    password: Correct-Horse-Battery-42
                    name: Alice
                """);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.problem()).startsWith("users: are for development only");
    }

    @Test
    void whenProductionAndRedirectUriUsesPlainHttpThenItIsRefusedExceptForLocalhost() {
        RealmFiles files = RealmFiles.development(dir).inProduction();
        RealmFileException e = files.failure("""
                name: portal
                displayName: Portaal
                clients:
                  - clientId: spa
                    type: public
                    redirectUris: ["http://localhost:8081/cb", "http://app.example.org/cb"]
                """);

        assertThat(e.line()).isEqualTo(6);
        assertThat(e.problem()).contains("'http://app.example.org/cb'", "must use https in production");
    }

    @Test
    void whenProductionAndJwksUriUsesPlainHttpThenItIsRefused() {
        RealmFileException e = RealmFiles.development(dir).inProduction().failure("""
                name: portal
                displayName: Portaal
                clients:
                  - clientId: service
                    type: confidential
                    jwksUri: http://service.example.org/jwks
                    grantTypes: [client_credentials]
                """);

        assertThat(e.line()).isEqualTo(6);
        assertThat(e.problem()).isEqualTo("jwksUri of client 'service' must use https in production");
    }
}
