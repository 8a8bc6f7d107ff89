package nl.toegang.console.web;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page has a next step: the console's "Sign out" and "Back to {portal}" (only to a URI the portal registered),
 * the signed-out page's links, the realm home page's links, and the phone number saying what it is for.
 */
class ConsoleNextStepsTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String SECRET = "console-next-steps-secret-0123456789ab";
    static final String PORTAL_HOME = "https://parking.example.test/";
    static final Map<String, String> ENGLISH = Map.of("Accept", "text/html", "Accept-Language", "en");
    static final Map<String, String> DUTCH = Map.of("Accept", "text/html", "Accept-Language", "nl");

    @TempDir
    static Path temp;
    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        StringBuilder users = new StringBuilder();
        for (String name : new String[]{"back", "tampered", "out", "home", "phone"}) {
            users.append("  - email: ").append(name).append("@example.org\n    password: ").append(PASSWORD)
                    .append("\n    name: ").append(name).append("\n    emailVerified: true\n");
        }
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Portaal
                clients:
                  - clientId: rp
                    name: Parking permits
                    type: confidential
                    secret: %1$s
                    redirectUris: [https://parking.example.test/cb]
                    postLogoutRedirectUris: [%2$s]
                    scopes: [openid, profile, email]
                  - clientId: library
                    name: Library
                    type: confidential
                    secret: %1$s
                    redirectUris: [https://library.example.test/cb]
                    scopes: [openid, profile, email]
                users:
                """.formatted(SECRET, PORTAL_HOME) + users);
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static String issuer() {
        return server.issuer("portal");
    }

    static Browser signedIn(String user) {
        Browser browser = new Browser();
        String login = issuer() + "/login";
        var page = browser.get(login);
        var posted = browser.postForm(login, Map.of("email", user + "@example.org", "password", PASSWORD,
                "_csrf", Browser.csrfToken(page.body())));
        assertThat(posted.statusCode()).isEqualTo(303);
        return browser;
    }

    @Test
    void theConsoleOpenedFromAPortalLeadsBackToItsRegisteredAddressOnEveryPage() {
        Browser browser = signedIn("back");
        var home = browser.get(issuer() + "/account?client_id=rp", ENGLISH);
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("id=\"nav-portal\" href=\"" + PORTAL_HOME + "\">Back to Parking permits</a>");
        // Remembered for the visit: the other console pages have it too, without the parameter.
        for (String page : new String[]{"", "/apps", "/activity"}) {
            String body = browser.get(issuer() + "/account" + page, ENGLISH).body();
            assertThat(body).as(page).contains("Back to Parking permits").contains("id=\"nav-sign-out\"");
            // Once each: a fragment named like an element ("nav") once pulled in every <nav> of its file.
            assertThat(body.split("id=\"console-help\"", -1)).as(page + ": help once").hasSize(2);
            assertThat(body.split("id=\"nav-sign-out\"", -1)).as(page + ": menu once").hasSize(2);
        }
        assertThat(browser.get(issuer() + "/account?client_id=rp", DUTCH).body()).contains("Terug naar Parking permits");
    }

    @Test
    void anUnknownClientOrOneWithoutARegisteredAddressGivesNoLinkAndNoUrlIsTakenFromTheRequest() {
        Browser browser = signedIn("tampered");
        for (String query : new String[]{"client_id=evil", "client_id=library", "client_id=account-console",
                "client_id=rp%22%3E%3Cscript%3E", "return_to=https://evil.example/&client_id=nobody"}) {
            var page = browser.get(issuer() + "/account?" + query, ENGLISH);
            assertThat(page.statusCode()).as(query).isEqualTo(200);
            assertThat(page.body()).as(query).doesNotContain("id=\"nav-portal\"").doesNotContain("evil.example")
                    .contains("id=\"nav-sign-out\"");
        }
    }

    @Test
    void signOutInTheConsoleSignsOutAndTheSignedOutPageOffersTheWayBack() {
        Browser browser = signedIn("out");
        var home = browser.get(issuer() + "/account?client_id=rp", ENGLISH);
        assertThat(home.body()).contains("<form method=\"post\" id=\"console-sign-out\" action=\"/realms/portal/logout\">");

        // Without the page's token nothing happens.
        browser.postForm(issuer() + "/logout", Map.of("client_id", "rp"));
        assertThat(browser.get(issuer() + "/account").statusCode()).as("still signed in").isEqualTo(200);

        var out = browser.postForm(issuer() + "/logout", Map.of("client_id", "rp",
                "_csrf", Browser.csrfToken(home.body())));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(Browser.location(out)).isEqualTo("/realms/portal/logout/done?client_id=rp");
        var done = browser.get(server.baseUrl() + Browser.location(out), ENGLISH);
        assertThat(done.body()).contains("You are signed out")
                .contains("id=\"signed-out-portal\" href=\"" + PORTAL_HOME + "\">Back to Parking permits</a>")
                .contains("id=\"signed-out-account\" href=\"/realms/portal/account\">Sign in to your account again</a>");
        assertThat(browser.get(server.baseUrl() + Browser.location(out), DUTCH).body())
                .contains("Terug naar Parking permits").contains("Opnieuw inloggen op uw account");
        Browser fresh = new Browser();
        assertThat(fresh.get(issuer() + "/account").statusCode()).as("the console needs a sign-in").isNotEqualTo(200);
        assertThat(browser.get(issuer() + "/account").statusCode()).as("signed out").isNotEqualTo(200);
    }

    @Test
    void theSignedOutPageLinksOnlyToRegisteredAddresses() {
        Browser browser = new Browser();
        for (String client : new String[]{"evil", "library", ""}) {
            var done = browser.get(issuer() + "/logout/done?client_id=" + client, ENGLISH);
            assertThat(done.statusCode()).as(client).isEqualTo(200);
            assertThat(done.body()).as(client).doesNotContain("signed-out-portal").contains("signed-out-account");
        }
        var withUri = browser.get(issuer() + "/logout/done?client_id=rp&post_logout_redirect_uri=https://evil.example/",
                ENGLISH);
        assertThat(withUri.body()).contains("href=\"" + PORTAL_HOME + "\"").doesNotContain("href=\"https://evil.example");
    }

    @Test
    void theRealmHomePageHasNextStepsAndSignOutOnlyForSomeoneSignedIn() {
        Browser anonymous = new Browser();
        var page = anonymous.get(issuer() + "/", ENGLISH);
        assertThat(page.body()).contains("href=\"/realms/portal/account\"").contains("href=\"/realms/portal/status\"")
                .doesNotContain("id=\"home-sign-out\"");
        Browser browser = signedIn("home");
        var signedIn = browser.get(issuer() + "/", ENGLISH);
        assertThat(signedIn.body()).contains("id=\"home-sign-out\"").contains(">Sign out</button>")
                .doesNotContain(">Create an account<");
        assertThat(browser.get(issuer() + "/", DUTCH).body()).contains("Wat u hier kunt doen").contains(">Uitloggen<");
        var out = browser.postForm(issuer() + "/logout", Map.of("_csrf", Browser.csrfToken(signedIn.body())));
        assertThat(Browser.location(out)).endsWith("/realms/portal/logout/done");
        assertThat(browser.get(issuer() + "/", ENGLISH).body()).doesNotContain("id=\"home-sign-out\"");
    }

    @Test
    void thePhoneNumberSaysWhatItIsFor() {
        Browser browser = signedIn("phone");
        assertThat(browser.get(issuer() + "/account", ENGLISH).body())
                .contains("The helpdesk uses this number to call you back and to check it is you when you call.")
                .contains("aria-describedby=\"phone-hint\"");
        assertThat(browser.get(issuer() + "/account", DUTCH).body())
                .contains("De helpdesk gebruikt dit nummer om u terug te bellen");
        assertThat(browser.get(issuer() + "/account", ENGLISH).body()).as("console help, not the sign-in help")
                .contains("id=\"console-help\"").doesNotContain("Create an account");
    }
}
