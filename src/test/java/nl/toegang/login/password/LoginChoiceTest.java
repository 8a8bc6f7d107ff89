package nl.toegang.login.password;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The login page explains DigiD versus email in the realm's own words and puts the last choice first (DigiD, for residents, on a first visit). */
class LoginChoiceTest {
    @TempDir
    Path temp;

    @Test
    void bothWaysAreShownInTheRealmsWordsAndTheLastChoiceComesFirst() {
        try (TestServer server = TestServer.embedded(temp.resolve("data"), Path.of("realms"), Map.of()).start()) {
            String login = server.issuer("portal") + "/login";
            Browser browser = new Browser();
            String fresh = browser.get(login, Map.of("Accept-Language", "en")).body();
            assertThat(fresh).contains("Do you live in the Netherlands and have a BSN?")
                    .contains("No DigiD, for example because you do not live in the Netherlands?")
                    .contains("Call the helpdesk on +31 88 123 4567");
            assertThat(fresh.indexOf("id=\"choice-digid\"")).as("DigiD (residents) first on a first visit")
                    .isLessThan(fresh.indexOf("id=\"email\""));

            var page = browser.get(login);
            browser.postForm(login, Map.of("email", "nobody@example.org", "password", "wrong-password-x",
                    "_csrf", Browser.csrfToken(page.body())));
            String errorPage = browser.get(login + "?error").body();
            assertThat(errorPage.indexOf("id=\"choice-digid\"")).as("email first after using it")
                    .isGreaterThan(errorPage.indexOf("id=\"email\""));
            assertThat(errorPage).contains("id=\"support-contact\"");

            var chose = browser.get(server.issuer("portal") + "/login/digid");
            assertThat(chose.statusCode()).isEqualTo(303);
            assertThat(Browser.location(chose)).endsWith("/realms/portal/saml/login");
            String after = browser.get(login, Map.of("Accept-Language", "nl")).body();
            assertThat(after.indexOf("id=\"choice-digid\"")).as("DigiD first again after choosing it")
                    .isLessThan(after.indexOf("id=\"email\""));
            assertThat(after).contains("Woont u in Nederland").contains("id=\"email\"").contains("helpdesk");
        }
    }
}
