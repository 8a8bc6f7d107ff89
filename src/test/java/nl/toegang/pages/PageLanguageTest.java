package nl.toegang.pages;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which language the pages speak: the portal's {@code ui_locales} wins over the browser's Accept-Language, and a
 * registration made on an English page keeps English as the person's language (for every mail that follows) unless
 * they choose otherwise.
 */
class PageLanguageTest {
    static final String SECRET = "page-language-secret-0123456789abcdef";
    static final String REDIRECT = "https://rp.example.test/callback";

    @TempDir
    static Path temp;
    static TestServer server;
    static OidcTestClient rp;

    @BeforeAll
    static void start() throws IOException {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                clients:
                  - clientId: rp
                    type: confidential
                    secret: %s
                    redirectUris: [%s]
                    scopes: [openid, profile, email]
                """.formatted(SECRET, REDIRECT));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
        rp = new OidcTestClient(server.issuer("portal"), "rp", SECRET, REDIRECT);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static String loginPageAfterAuthorize(Browser browser, String uiLocales) {
        Map<String, String> params = new java.util.LinkedHashMap<>(
                rp.authorizationParams(OidcTestClient.Pkce.create(), "s", "n"));
        if (uiLocales != null) {
            params.put("ui_locales", uiLocales);
        }
        var authorize = browser.get(rp.authorizationUrl(params));
        assertThat(authorize.statusCode()).isEqualTo(302);
        return browser.get(Browser.resolve(authorize)).body();
    }

    @Test
    void thePortalsUiLocalesWinsOverTheBrowsersLanguage() {
        Browser dutchBrowser = new Browser(Map.of("Accept-Language", "nl-NL,nl;q=0.9"));
        assertThat(loginPageAfterAuthorize(dutchBrowser, "en-GB nl")).contains("lang=\"en\"");

        Browser another = new Browser(Map.of("Accept-Language", "nl-NL,nl;q=0.9"));
        assertThat(loginPageAfterAuthorize(another, null)).as("no ui_locales: the browser's").contains("lang=\"nl\"");

        Browser third = new Browser(Map.of("Accept-Language", "en"));
        assertThat(loginPageAfterAuthorize(third, "fr de")).as("languages Toegang lacks are skipped, no error")
                .contains("lang=\"en\"");
        assertThat(loginPageAfterAuthorize(new Browser(Map.of("Accept-Language", "en")), "nl"))
                .contains("lang=\"nl\"");
    }

    @Test
    void aRegistrationOnTheEnglishPageKeepsEnglishWithoutTouchingTheLanguageField() {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        String register = server.issuer("portal") + "/register";
        var form = browser.get(register);
        assertThat(form.body()).contains("<option value=\"en\" selected=\"selected\">English</option>");
        String address = "english-" + UUID.randomUUID() + "@example.org";
        // A form without the select, as a browser without it would post: the page's language is the default.
        var posted = browser.postForm(register, Map.of("email", address, "name", "Emma English",
                "password", "lantern orbit cactus velvet", "_csrf", Browser.csrfToken(form.body())));
        assertThat(posted.statusCode()).isEqualTo(303);

        // The registration completes in the background (its timing must not tell whether the address is known).
        JdbcClient db = JdbcClient.create(server.bean(DataSource.class));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(db.sql("SELECT registrant_locale FROM email_verification WHERE lower(email) = ?")
                        .param(address.toLowerCase()).query(String.class).list()).containsExactly("en"));
    }

    @Test
    void theLanguageSwitchKeepsThePagesQuery() {
        Browser browser = new Browser(Map.of("Accept-Language", "nl"));
        String reset = server.issuer("portal") + "/reset?token=abc-123_x";
        String dutch = browser.get(reset).body();
        String english = java.net.URI.create(reset).resolve(Browser.languageLink(dutch, "en")).toString();
        assertThat(english).endsWith("/realms/portal/reset?token=abc-123_x&lang=en");
        String page = browser.get(english).body();
        assertThat(page).contains("lang=\"en\"");
        assertThat(Browser.languageLink(page, "nl")).as("switching back replaces lang, keeps the token")
                .endsWith("/realms/portal/reset?token=abc-123_x&lang=nl");
    }

    @Test
    void anEncodedQueryIsKeptAsItWasSent() {
        String page = new Browser().get(server.issuer("portal") + "/reset?token=a%2Bb%20c%26d").body();
        assertThat(Browser.languageLink(page, "en")).endsWith("/realms/portal/reset?token=a%2Bb%20c%26d&lang=en");
    }

    @Test
    void onlyWhatThePageNeedsIsCarriedAndAResumeOnlyWhenItIsThisRealmsOwnAuthorizationRequest() {
        String own = "/realms/portal/oauth2/authorize?client_id=rp&response_type=code";
        String login = server.issuer("portal") + "/login?error&resume="
                + java.net.URLEncoder.encode(own, java.nio.charset.StandardCharsets.UTF_8)
                + "&note=hello-there";
        String english = Browser.languageLink(new Browser().get(login).body(), "en");
        assertThat(english).contains("error").contains("resume=%2Frealms%2Fportal%2Foauth2%2Fauthorize")
                .doesNotContain("hello-there").endsWith("lang=en");

        String evil = server.issuer("portal") + "/login?resume="
                + java.net.URLEncoder.encode("https://evil.example.test/realms/portal/oauth2/authorize?x=1",
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(new Browser().get(evil).body()).doesNotContain("evil.example.test");
    }
}
