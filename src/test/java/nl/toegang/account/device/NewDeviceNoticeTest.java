package nl.toegang.account.device;

import nl.toegang.lockout.DeviceCookies;
import nl.toegang.mail.dev.DevMail;
import nl.toegang.mail.dev.DevMailbox;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The new-device notice through the real login page: the account's first browser is recorded silently, a browser
 * the account has not used before gets exactly one mail (in the account's language, Amsterdam time, browser and
 * system in plain words, links to reset and the account console, and nothing secret), the same browser again gets
 * none, cleared or forged cookies count as a new browser, and a realm can switch the notice off.
 */
class NewDeviceNoticeTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101"
            + " Firefox/133.0";
    static final String CHROME_ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36"
            + " (KHTML, like Gecko)"
            + " Chrome/131.0.0.0 Mobile Safari/537.36";
    static final String SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    /** 14:05 in Amsterdam (CET, UTC+1). */
    static final Instant NOW = Instant.parse("2026-03-14T13:05:00Z");

    @TempDir
    static Path temp;
    static TestServer server;
    static JdbcClient jdbc;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        StringBuilder users = new StringBuilder();
        for (String name : List.of("alice:en", "bram:nl", "carol:en", "dirk:nl", "erik:en", "fay:en")) {
            String[] parts = name.split(":");
            users.append("  - email: ").append(parts[0]).append("@example.org\n    password: ").append(PASSWORD)
                    .append("\n    name: ").append(parts[0]).append("\n    emailVerified: true\n    locale: ")
                    .append(parts[1]).append('\n');
        }
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                users:
                """ + users);
        Files.writeString(realms.resolve("quiet.yaml"), """
                name: quiet
                displayName: Stil Portaal
                notices:
                  newDeviceEmail: false
                users:
                  - email: quinn@example.org
                    password: %s
                    name: Quinn
                    emailVerified: true
                """.formatted(PASSWORD));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of("toegang.mail.dispatch-interval", "100ms"))
                .withClock(new MutableClock(NOW)).start();
        jdbc = server.bean(JdbcClient.class);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void theFirstBrowserIsSilentANewOneGetsExactlyOneMailAndTheSameOneAgainNone() throws Exception {
        Browser first = new Browser();
        signIn(first, "portal", "alice@example.org", FIREFOX_WINDOWS);
        assertThat(notices("alice@example.org")).as("first browser of the account: nothing to compare with")
                .isZero();

        Browser phone = new Browser();
        signIn(phone, "portal", "alice@example.org", CHROME_ANDROID);
        assertThat(notices("alice@example.org")).isEqualTo(1);
        DevMail mail = awaitNotice("alice@example.org");
        assertThat(mail.subject()).isEqualTo("New sign-in to your account at Mijn Portaal");
        assertThat(mail.text())
                .containsPattern("Someone signed in to your account at Mijn Portaal on March 14, 2026,? (at )?2:05\\sPM"
                        + " \\(Dutch time\\) with your password")
                .contains("Chrome on Android")
                .contains(server.issuer("portal") + "/forgot")
                .contains(server.issuer("portal") + "/account");
        assertThat(mail.html()).contains("Chrome on Android")
                .contains("href=\"" + server.issuer("portal") + "/forgot\"");
        assertNothingSecret(mail, phone);

        signIn(phone, "portal", "alice@example.org", CHROME_ANDROID);
        signIn(first, "portal", "alice@example.org", FIREFOX_WINDOWS);
        assertThat(notices("alice@example.org")).as("both browsers are known now").isEqualTo(1);
    }

    @Test
    void theMailIsInTheAccountsLanguage() {
        signIn(new Browser(), "portal", "bram@example.org", FIREFOX_WINDOWS);
        signIn(new Browser(), "portal", "bram@example.org", SAFARI_IPHONE);

        DevMail mail = awaitNotice("bram@example.org");
        assertThat(mail.subject()).isEqualTo("Nieuwe inlog op uw account bij Mijn Portaal");
        assertThat(mail.text())
                .containsPattern("Er is op 14 maart 2026 (om )?14:05 \\(Nederlandse tijd\\) met uw wachtwoord ingelogd"
                        + " op uw account bij Mijn Portaal")
                .contains("Safari op iPhone")
                .contains("Was u dit niet? Kies dan nu een nieuw wachtwoord")
                .contains(server.issuer("portal") + "/forgot");
    }

    @Test
    void clearingCookiesMakesTheSameBrowserNewAgain() {
        Browser browser = new Browser();
        signIn(browser, "portal", "carol@example.org", FIREFOX_WINDOWS);
        signIn(new Browser(), "portal", "carol@example.org", FIREFOX_WINDOWS);
        assertThat(notices("carol@example.org")).isEqualTo(1);
        signIn(browser, "portal", "carol@example.org", FIREFOX_WINDOWS);
        assertThat(notices("carol@example.org")).isEqualTo(1);

        browser.cookies().getCookieStore().removeAll();
        signIn(browser, "portal", "carol@example.org", FIREFOX_WINDOWS);
        assertThat(notices("carol@example.org")).isEqualTo(2);
    }

    @Test
    void aForgedOrBorrowedDeviceCookieDoesNotMakeABrowserKnown() {
        Browser owner = new Browser();
        signIn(owner, "portal", "dirk@example.org", FIREFOX_WINDOWS);
        String genuine = deviceCookie(owner).getValue();

        // The cookie is bound to the account and MACed: an altered one, or one of another account, is not known.
        Browser forged = new Browser();
        forged.cookies().getCookieStore().add(URI.create(server.baseUrl()),
                cookie(genuine.substring(0, genuine.length() - 2) + (genuine.endsWith("AA") ? "BB" : "AA")));
        signIn(forged, "portal", "dirk@example.org", CHROME_ANDROID);
        assertThat(notices("dirk@example.org")).isEqualTo(1);

        Browser other = new Browser();
        signIn(other, "portal", "erik@example.org", FIREFOX_WINDOWS);
        Browser borrowed = new Browser();
        borrowed.cookies().getCookieStore().add(URI.create(server.baseUrl()), cookie(deviceCookie(other).getValue()));
        signIn(borrowed, "portal", "dirk@example.org", CHROME_ANDROID);
        assertThat(notices("dirk@example.org")).isEqualTo(2);
    }

    @Test
    void aRealmCanSwitchTheNoticeOff() {
        signIn(new Browser(), "quiet", "quinn@example.org", FIREFOX_WINDOWS);
        signIn(new Browser(), "quiet", "quinn@example.org", CHROME_ANDROID);
        signIn(new Browser(), "quiet", "quinn@example.org", SAFARI_IPHONE);
        assertThat(notices("quinn@example.org")).isZero();
    }

    @Test
    void aWrongPasswordIsNoSignInAndSendsNothing() {
        signIn(new Browser(), "portal", "fay@example.org", FIREFOX_WINDOWS);
        Browser attacker = new Browser();
        var page = attacker.get(server.issuer("portal") + "/login", Map.of("User-Agent", CHROME_ANDROID));
        var refused = attacker.postForm(server.issuer("portal") + "/login", Map.of("email", "fay@example.org",
                "password", "wrong-password-123456", "_csrf", Browser.csrfToken(page.body())),
                Map.of("User-Agent", CHROME_ANDROID));
        assertThat(Browser.location(refused)).endsWith("?error");
        assertThat(notices("fay@example.org")).isZero();
    }

    static void signIn(Browser browser, String realm, String email, String userAgent) {
        String login = server.issuer(realm) + "/login";
        var page = browser.get(login, Map.of("User-Agent", userAgent, "Accept", "text/html"));
        HttpResponse<String> answer = browser.postForm(login, Map.of("email", email, "password", PASSWORD,
                "_csrf", Browser.csrfToken(page.body())), Map.of("User-Agent", userAgent));
        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(Browser.location(answer)).as("signed in").doesNotContain("?");
    }

    /** Queued notices, counted in the outbox at once (queueing happens before the login answers). */
    static int notices(String email) {
        return jdbc.sql("select count(*) from mail_outbox where template = 'new-device' and recipient = :to")
                .param("to", email).query(Integer.class).single();
    }

    static DevMail awaitNotice(String email) {
        DevMailbox mailbox = server.bean(DevMailbox.class);
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            var found = mailbox.list().stream()
                    .filter(m -> m.to().equals(email) && m.template().equals("new-device")).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no new-device mail to " + email);
    }

    static void assertNothingSecret(DevMail mail, Browser browser) {
        assertThat(mail.text()).as("no code of any kind").doesNotContainPattern("\\b\\d{6,8}\\b");
        for (String body : List.of(mail.text(), mail.html(), mail.subject())) {
            assertThat(body).doesNotContain(PASSWORD).doesNotContain("127.0.0.1").doesNotContain("0:0:0:0")
                    .doesNotContain("localhost:" + server.port() + "/realms/portal/login");
            for (HttpCookie cookie : browser.cookies().getCookieStore().getCookies()) {
                if (cookie.getValue().length() < 16) {
                    continue; // a preference such as the last sign-in choice ("email"), not a secret
                }
                assertThat(body).doesNotContain(cookie.getValue());
            }
        }
    }

    static HttpCookie deviceCookie(Browser browser) {
        return browser.cookies().getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(DeviceCookies.cookieName("portal"))).findFirst().orElseThrow();
    }

    static HttpCookie cookie(String value) {
        HttpCookie cookie = new HttpCookie(DeviceCookies.cookieName("portal"), value);
        cookie.setPath(DeviceCookies.cookiePath("portal"));
        cookie.setVersion(0);
        return cookie;
    }
}
