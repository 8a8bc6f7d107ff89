package nl.toegang.realm;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A client's {@code introspection} field: only its own tokens unless the file names it a resource server. */
class IntrospectionRealmFileTest {
    @TempDir
    Path dir;
    RealmFiles files;

    @BeforeEach
    void setUp() {
        files = RealmFiles.development(dir);
    }

    /** A realm whose single client starts on line 4; the given lines follow from line 8 on. */
    private static String realm(String type, String clientLines) {
        return """
                name: portal
                displayName: Portaal
                clients:
                  - clientId: api
                    type: %s
                    redirectUris: [https://api.example/cb]
                    grantTypes: [authorization_code]
                """.formatted(type) + clientLines.indent(4);
    }

    private ClientDefinition client(String yaml) {
        return files.parse(yaml).client("api").orElseThrow();
    }

    @Test
    void whenFieldIsAbsentThenTheClientMayIntrospectOnlyItsOwnTokens() {
        assertThat(client(realm("confidential", "secret: s3cret\n")).introspection())
                .isEqualTo(IntrospectionAccess.OWN_TOKENS);
    }

    @Test
    void whenFieldNamesAValueThenThatValueIsRead() {
        assertThat(client(realm("confidential", "secret: s3cret\nintrospection: own-tokens\n")).introspection())
                .isEqualTo(IntrospectionAccess.OWN_TOKENS);
        assertThat(client(realm("confidential", "secret: s3cret\nintrospection: any-token-in-realm\n"))
                .introspection()).isEqualTo(IntrospectionAccess.ANY_TOKEN_IN_REALM);
    }

    @Test
    void whenValueIsUnknownThenTheFileIsRefusedAtItsLineWithTheAllowedValues() {
        RealmFileException e = files.failure(realm("confidential", "secret: s3cret\nintrospection: ANY_TOKEN_IN_REALM\n"));
        assertThat(e.line()).as(e.getMessage()).isEqualTo(9);
        assertThat(e.problem()).contains("unknown introspection 'ANY_TOKEN_IN_REALM'", "client 'api'",
                "own-tokens, any-token-in-realm");
        assertThat(e.getMessage()).contains(e.file().toString() + ":9");
    }

    @Test
    void whenPublicClientAsksForAnyTokenThenTheFileIsRefused() {
        RealmFileException e = files.failure(realm("public", "introspection: any-token-in-realm\n"));
        assertThat(e.line()).as(e.getMessage()).isEqualTo(8);
        assertThat(e.problem()).contains("public", "cannot introspect");
    }
}
