package nl.toegang.realm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlaceholderTest {
    @TempDir
    Path dir;

    private RealmDefinition parse(Map<String, String> environment, String displayName) {
        return RealmFiles.development(dir).withEnvironment(environment).parse("""
                name: portal
                displayName: %s
                """.formatted(displayName));
    }

    @Test
    void whenVariableIsSetThenItsValueIsUsed() {
        assertThat(parse(Map.of("TITLE", "Mijn Portaal"), "${TITLE}").displayName()).isEqualTo("Mijn Portaal");
    }

    @Test
    void whenVariableIsSetThenTheDefaultIsIgnored() {
        assertThat(parse(Map.of("TITLE", "Uit omgeving"), "${TITLE:Standaard}").displayName())
                .isEqualTo("Uit omgeving");
    }

    @Test
    void whenVariableIsUnsetThenTheDefaultIsUsed() {
        assertThat(parse(Map.of(), "${TITLE:Standaard titel}").displayName()).isEqualTo("Standaard titel");
    }

    @Test
    void whenDefaultIsEmptyThenValueIsEmpty() {
        assertThat(parse(Map.of(), "Portaal${SUFFIX:}").displayName()).isEqualTo("Portaal");
    }

    @Test
    void whenSeveralPlaceholdersWithTextAroundThenAllAreReplaced() {
        assertThat(parse(Map.of("ORG", "Gemeente", "ENV", "test"), "\"${ORG} portaal (${ENV}, ${REGION:nl})\"")
                .displayName()).isEqualTo("Gemeente portaal (test, nl)");
    }

    @Test
    void whenDoubleDollarThenALiteralPlaceholderIsKept() {
        assertThat(parse(Map.of("TITLE", "no"), "Price $${TITLE} and $5").displayName())
                .isEqualTo("Price ${TITLE} and $5");
    }

    @Test
    void whenVariableValueLooksLikeAPlaceholderThenItIsNotExpandedAgain() {
        assertThat(parse(Map.of("TITLE", "${OTHER}", "OTHER", "x"), "${TITLE}").displayName())
                .isEqualTo("${OTHER}");
    }

    @Test
    void whenVariableIsMissingWithoutDefaultThenErrorNamesFileLineAndVariable() {
        RealmFiles files = RealmFiles.development(dir);
        RealmFileException e = files.failure("""
                name: portal
                displayName: Portaal
                clients:
                  - clientId: app
                    type: confidential
                    secret: ${DEMO_PORTAL_SECRET}
                    redirectUris: [https://app.example.org/cb]
                """);

        assertThat(e.file()).isEqualTo(dir.resolve("realm.yaml"));
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.problem()).contains("environment variable DEMO_PORTAL_SECRET is not set",
                "${DEMO_PORTAL_SECRET:default}");
        assertThat(e.getMessage()).startsWith(dir.resolve("realm.yaml") + ":6: ");
    }

    @Test
    void whenPlaceholderIsNotClosedThenErrorSaysSo() {
        RealmFileException e = RealmFiles.development(dir).failure("""
                name: portal
                displayName: ${TITLE
                """);

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.problem()).contains("is not closed");
    }

    @Test
    void whenPlaceholderNameIsInvalidThenErrorSaysSo() {
        RealmFileException e = RealmFiles.development(dir).failure("""
                name: portal
                displayName: ${1TITLE}
                """);

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.problem()).contains("'${1TITLE}' does not name an environment variable");
    }

    @Test
    void whenPlaceholderIsInAListEntryThenItIsReplaced() {
        RealmDefinition realm = RealmFiles.development(dir).withEnvironment(Map.of("APP_URL", "https://app.example.org"))
                .parse("""
                        name: portal
                        displayName: Portaal
                        clients:
                          - clientId: app
                            type: public
                            redirectUris: ["${APP_URL}/callback"]
                        """);

        assertThat(realm.clients().get(0).redirectUris()).containsExactly("https://app.example.org/callback");
    }

    @Test
    void whenBooleanComesFromAVariableThenItIsParsedAfterSubstitution() {
        RealmDefinition realm = RealmFiles.development(dir).withEnvironment(Map.of("VERIFIED", "true")).parse("""
                name: portal
                displayName: Portaal
                users:
                  - email: alice@example.org
                    password: pw
                    name: Alice
                    emailVerified: ${VERIFIED:false}
                """);

        assertThat(realm.users().get(0).emailVerified()).isTrue();
    }
}
