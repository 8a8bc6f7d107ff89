package nl.toegang.pages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The login form's {@code resume} value can only ever name this realm's own authorization endpoint. */
class ResumeTargetTest {

    @Test
    void theRealmsOwnAuthorizationRequestIsKept() {
        String authorize = "/realms/portal/oauth2/authorize?client_id=a&redirect_uri=https%3A%2F%2Frp%2Fcb";
        assertThat(ResumeTarget.of(authorize, "portal", "")).contains(authorize);
        assertThat(ResumeTarget.fromAbsolute("http://localhost:8080" + authorize + "&continue", "portal", ""))
                .contains(authorize + "&continue");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://evil.example/realms/portal/oauth2/authorize?x=1",
            "//evil.example/realms/portal/oauth2/authorize?x=1",
            "/realms/other/oauth2/authorize?client_id=a",
            "/realms/portal/oauth2/authorize",
            "/realms/portal/oauth2/authorize/../../../logout?x=1",
            "/realms/portal/oauth2/token?grant_type=x",
            "/realms/portal/oauth2/authorize?x=1#fragment",
            "javascript:alert(1)",
            "/realms/portal/oauth2/authorize?x=%zz",
            ""})
    void anythingElseIsRefused(String value) {
        assertThat(ResumeTarget.of(value, "portal", "")).isEmpty();
    }

    @Test
    void aVeryLongValueIsRefused() {
        assertThat(ResumeTarget.of("/realms/portal/oauth2/authorize?x=" + "a".repeat(5000), "portal", "")).isEmpty();
        assertThat(ResumeTarget.of(null, "portal", "")).isEmpty();
    }
}
