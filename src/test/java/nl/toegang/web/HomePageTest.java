package nl.toegang.web;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server's own address is a page with next steps (or a configured redirect), never a 404. */
class HomePageTest {
    @TempDir
    Path temp;

    @Test
    void theRootAddressListsThePeoplesRealmsWithTheirStatusAndInDevelopmentEverythingElse() {
        try (TestServer server = TestServer.embedded(temp.resolve("data"), Path.of("realms"), Map.of()).start()) {
            String root = server.issuer("portal").replace("/realms/portal", "/");
            var english = new Browser().get(root, Map.of("Accept-Language", "en"));
            assertThat(english.statusCode()).isEqualTo(200);
            assertThat(english.body()).contains("Sign-in service").contains("id=\"realm-portal\"")
                    .contains("href=\"/realms/portal/status\"").contains("href=\"/realms/portal/account\"")
                    .contains("href=\"/realms/portal/.well-known/openid-configuration\"")
                    .contains("id=\"dev-mailbox\"")
                    .doesNotContain("id=\"realm-admin\"");
            assertThat(new Browser().get(root, Map.of("Accept-Language", "nl")).body()).contains("Inlogdienst")
                    .contains("Werkt inloggen?");
        }
    }

    @Test
    void aConfiguredRedirectSendsPeopleThere() {
        try (TestServer server = TestServer.embedded(temp.resolve("data"), Path.of("realms"),
                Map.of("toegang.home.redirect", "https://www.example.org/")).start()) {
            var answer = new Browser().get(server.issuer("portal").replace("/realms/portal", "/"));
            assertThat(answer.statusCode()).isEqualTo(303);
            assertThat(Browser.location(answer)).isEqualTo("https://www.example.org/");
        }
    }

    @Test
    void aRedirectThatIsNotHttpsIsRefused() {
        assertThatThrownBy(() -> new HomePageProperties(URI.create("http://www.example.org/")))
                .hasMessageContaining("toegang.home.redirect must be an absolute https URL");
        assertThatThrownBy(() -> new HomePageProperties(URI.create("/relative")))
                .hasMessageContaining("toegang.home.redirect");
    }
}
