package nl.toegang.realm;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The fapi2 profile, PAR/DPoP switches and pairwise sectors in realm files: accepted, defaulted, or refused at a line. */
class OAuthProfileRealmFileTest {
    private static final String JWKS = """
            jwks:
              keys:
                - kty: EC
                  crv: P-256
                  kid: fapi-1
                  x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"
                  y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"
            """;

    @TempDir
    Path dir;
    RealmFiles files;

    @BeforeEach
    void setUp() {
        files = RealmFiles.development(dir);
    }

    /** A realm whose single client starts on line 4 and gets the given lines from line 6 on. */
    private static String realm(String header, String clientLines) {
        return """
                name: portal
                displayName: Portaal
                %sclients:
                  - clientId: app
                    type: confidential
                """.formatted(header) + clientLines.indent(4);
    }

    private static void assertError(RealmFileException e, int line, String... fragments) {
        assertThat(e.line()).as("line of: %s", e.getMessage()).isEqualTo(line);
        assertThat(e.problem()).contains(fragments);
    }

    @Test
    void whenClientHasProfileFapi2ThenParAndDpopAreRequired() {
        ClientDefinition client = files.parse(realm("", "profile: fapi2\nredirectUris: [https://app.example/cb]\n"
                + JWKS)).client("app").orElseThrow();
        assertThat(client.profile()).isEqualTo(ClientProfile.FAPI2);
        assertThat(client.requirePushedAuthorizationRequests()).isTrue();
        assertThat(client.dpop()).isEqualTo(DpopPolicy.REQUIRED);
        assertThat(client.authenticationMethods()).containsExactly("private_key_jwt");
    }

    @Test
    void whenOrdinaryClientThenParAndDpopAreOptional() {
        ClientDefinition client = files.parse(realm("", "secret: s3cret-value\nredirectUris: [https://app.example/cb]\n"))
                .client("app").orElseThrow();
        assertThat(client.profile()).isEqualTo(ClientProfile.STANDARD);
        assertThat(client.requirePushedAuthorizationRequests()).isFalse();
        assertThat(client.dpop()).isEqualTo(DpopPolicy.OPTIONAL);
    }

    private static final String CB = "redirectUris: [https://app.example/cb]\n";

    @Test
    void whenFapi2ClientUsesASecretThenRefusedAtTheSecret() {
        // line 6 profile, 7 redirectUris, 8 secret
        assertError(files.failure(realm("", "profile: fapi2\n" + CB + "secret: s3cret\n" + JWKS)), 8,
                "profile fapi2", "remove the secret");
    }

    @Test
    void whenFapi2ClientHasNoKeysThenRefused() {
        assertError(files.failure(realm("", "profile: fapi2\n" + CB)), 4, "has no way to authenticate");
        assertError(files.failure(realm("", "authenticationMethods: [private_key_jwt]\nprofile: fapi2\n" + CB)), 6,
                "private_key_jwt but has neither jwks nor jwksUri");
    }

    @Test
    void whenFapi2ClientWeakensParOrDpopThenRefusedAtThatLine() {
        assertError(files.failure(realm("", "profile: fapi2\n" + CB + "requirePushedAuthorizationRequests: false\n"
                + JWKS)), 8, "requires pushed authorization requests");
        assertError(files.failure(realm("", "profile: fapi2\n" + CB + "dpop: optional\n" + JWKS)), 8,
                "requires DPoP");
        assertError(files.failure(realm("", "profile: fapi2\n" + CB + "authenticationMethods: [private_key_jwt,"
                + " client_secret_basic]\nsecret: s3cret\n" + JWKS)), 9, "remove the secret");
    }

    @Test
    void whenUnknownProfileOrDpopValueThenRefusedWithTheAllowedValues() {
        assertError(files.failure(realm("", "secret: s3cret\n" + CB + "profile: fapi1\n")), 8,
                "unknown profile 'fapi1'", "fapi2");
        assertError(files.failure(realm("", "secret: s3cret\n" + CB + "dpop: always\n")), 8,
                "unknown dpop 'always'", "optional, required");
    }

    @Test
    void whenRealmIsNlgovThenSubjectsArePairwiseUnlessSettingsSayOtherwise() {
        String client = "secret: s3cret\n" + CB;
        assertThat(files.parse(realm("profile: nlgov\n", client)).settings().subjectType())
                .isEqualTo(SubjectType.PAIRWISE);
        assertThat(files.parse(realm("profile: nlgov\nsettings:\n  subjectType: public\n", client))
                .settings().subjectType()).isEqualTo(SubjectType.PUBLIC);
        assertThat(files.parse(realm("", client)).settings().subjectType()).isEqualTo(SubjectType.PUBLIC);
        assertError(files.failure(realm("profile: gov\n", client)), 3, "unknown profile 'gov'", "nlgov");
    }

    @Test
    void whenPairwiseClientHasSeveralRedirectHostsThenItMustNameASector() {
        String twoHosts = "secret: s3cret\nredirectUris: [https://a.example/cb, https://b.example/cb]\n";
        assertError(files.failure(realm("profile: nlgov\n", twoHosts)), 5, "several hosts", "a.example, b.example",
                "sectorIdentifier");
        ClientDefinition named = files.parse(realm("profile: nlgov\n", twoHosts + "sectorIdentifier: Portal.Example\n"))
                .client("app").orElseThrow();
        assertThat(named.sector()).isEqualTo("portal.example");
        assertThat(files.parse(realm("", twoHosts)).client("app").orElseThrow().sector())
                .as("public subjects: several hosts are fine").isEqualTo("client:app");
        assertThat(files.parse(realm("profile: nlgov\n", "secret: s3cret\n" + CB)).client("app").orElseThrow()
                .sector()).isEqualTo("app.example");
        assertError(files.failure(realm("", "secret: s3cret\n" + CB + "sectorIdentifier: https://x/\n")), 8,
                "sectorIdentifier", "host name");
    }
}
