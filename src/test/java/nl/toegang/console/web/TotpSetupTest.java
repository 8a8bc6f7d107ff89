package nl.toegang.console.web;

import nl.toegang.mfa.MfaFlows;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Setting up an authenticator app in the console, as a person with a typo: the wrong code keeps them on the setup
 * page with the same key (so the entry the app made from the first scan still works).
 */
class TotpSetupTest {
    @TempDir
    static Path temp;
    static TestServer server;
    static MutableClock clock;
    static String portal;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                settings:
                  mfa: optional
                users:
                  - email: typo@example.org
                    password: Correct-Horse-Battery-42
                    name: Typo
                    emailVerified: true
                """);
        clock = new MutableClock(Instant.now());
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).withClock(clock).start();
        portal = server.issuer("portal");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void aWrongCodeKeepsTheSameKeyOnTheSetupPageUntilTheRightOne() {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        assertThat(MfaFlows.password(browser, portal, "typo@example.org").statusCode()).isEqualTo(303);
        var setup = MfaFlows.postFrom(browser, portal + "/account", portal + "/account/totp", Map.of());
        assertThat(setup.statusCode()).isEqualTo(200);
        byte[] scanned = MfaFlows.secretOf(setup.body());

        var refused = browser.postForm(portal + "/account/totp/confirm", Map.of("code", "000000",
                "_csrf", Browser.csrfToken(setup.body())));
        assertThat(refused.statusCode()).as("back to the page by a GET: a reload never posts the code")
                .isEqualTo(303);
        assertThat(Browser.location(refused)).endsWith("/realms/portal/account/totp?error");
        var typo = browser.get(Browser.resolve(refused));
        assertThat(typo.statusCode()).as("stays on the page with an error").isEqualTo(200);
        assertThat(typo.body()).doesNotContain("000000").containsPattern("<title>Error: ");
        assertThat(MfaFlows.secretOf(typo.body())).as("the key the app already has").isEqualTo(scanned);
        assertThat(typo.body()).contains("id=\"code-error\"").contains("aria-invalid=\"true\"")
                .contains("you do not need to scan again").contains("id=\"totp-cancel\"");

        // Switching language (or reloading) on the setup page shows the same setup and error, not a dead end.
        var matcher = java.util.regex.Pattern.compile("<a href=\"([^\"]*)\" lang=\"nl\"").matcher(typo.body());
        assertThat(matcher.find()).isTrue();
        assertThat(matcher.group(1)).isEqualTo("/realms/portal/account/totp?error&amp;lang=nl");
        var dutch = browser.get(java.net.URI.create(portal).resolve(matcher.group(1).replace("&amp;", "&"))
                .toString());
        assertThat(dutch.statusCode()).isEqualTo(200);
        assertThat(dutch.body()).contains("lang=\"nl\"").contains("id=\"code-error\"").containsPattern("<title>Fout: ");
        assertThat(MfaFlows.secretOf(dutch.body())).as("still the key the app has").isEqualTo(scanned);

        var right = browser.postForm(portal + "/account/totp/confirm", Map.of(
                "code", MfaFlows.code(scanned, clock, 0), "_csrf", Browser.csrfToken(typo.body())));
        assertThat(right.statusCode()).as("recovery codes page").isEqualTo(200);
        assertThat(MfaFlows.recoveryCodesOf(right.body())).hasSize(10);
    }
}
