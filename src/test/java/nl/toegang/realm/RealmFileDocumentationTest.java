package nl.toegang.realm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps the full example in docs/realm-file.md valid: documentation that fails to parse is worse than none. */
class RealmFileDocumentationTest {
    @TempDir
    Path dir;

    @Test
    void whenFullExampleFromTheDocsIsParsedThenItIsValid() throws IOException {
        String doc = Files.readString(Path.of("docs/realm-file.md"));
        int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        String example = doc.substring(start, doc.indexOf("```", start));

        RealmDefinition realm = RealmFiles.development(dir).parse(example);

        assertThat(realm.name()).isEqualTo("portal");
        assertThat(realm.clients()).extracting(ClientDefinition::clientId)
                .containsExactly("demo-portal", "reporting-job", "helpdesk-tool", "orders-api", "mobile-app", "tax-portal");
        assertThat(realm.client("tax-portal").orElseThrow().bsnEligible()).isTrue();
        assertThat(realm.digid()).hasValueSatisfying(digid -> {
            assertThat(digid.mock()).isTrue();
            assertThat(digid.defaultLevel()).isEqualTo(nl.toegang.saml.DigidLevel.MIDDEN);
        });
        assertThat(realm.client("helpdesk-tool").orElseThrow().roles()).containsExactly("support");
        assertThat(realm.client("orders-api").orElseThrow().introspection())
                .isEqualTo(IntrospectionAccess.ANY_TOKEN_IN_REALM);
        assertThat(realm.client("demo-portal").orElseThrow().introspection()).isEqualTo(IntrospectionAccess.OWN_TOKENS);
        assertThat(realm.settings().lockout()).as("the example spells out the defaults")
                .isEqualTo(nl.toegang.realm.LockoutPolicy.defaults());
        assertThat(realm.client("demo-portal").orElseThrow().secret().orElseThrow().reveal()).isEqualTo("change-me");
        assertThat(realm.settings().mfa()).isEqualTo(MfaPolicy.OPTIONAL);
        assertThat(realm.client("demo-portal").orElseThrow().mfa()).contains(MfaPolicy.REQUIRED);
        assertThat(realm.client("mobile-app").orElseThrow().mfa()).isEmpty();
        assertThat(realm.users()).hasSize(1);
        assertThat(realm.notices().newDeviceEmail()).isTrue();
    }
}
