package nl.toegang.lockout;

import nl.toegang.account.AccountRepository;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.net.HttpCookie;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static nl.toegang.lockout.LockoutRealms.ADMIN_SECRET;
import static nl.toegang.lockout.LockoutRealms.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login throttling over HTTP against a real server whose clock the test moves. Realm {@code portal} (see
 * {@link LockoutRealms}): 2 free failures, delays 1 s / 2 s / 4 s, lockouts of 5 and 15 minutes at 5 and 10
 * failures, password disabled at 12. Every test uses its own account.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoginLockoutTest {
    static final String WRONG = "not-the-password-at-all";

    @TempDir
    static Path temp;
    static TestServer server;
    static MutableClock clock;
    static LoginForm form;

    @BeforeAll
    static void start() throws Exception {
        Path realms = LockoutRealms.write(temp.resolve("realms"), "alice@example.org", "bob@example.org",
                "carol@example.org", "dave@example.org", "frank@example.org", "gina@example.org");
        clock = new MutableClock(Instant.now());
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).withClock(clock).start();
        form = new LoginForm(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static String fail(Browser browser, String email) {
        return form.outcome(form.post(browser, email, WRONG));
    }

    /** Fails {@code times} times, each after waiting out any delay (the cap is 4 s). */
    private static void failSpaced(Browser browser, String email, int times) {
        for (int i = 0; i < times; i++) {
            clock.advance(Duration.ofSeconds(5));
            assertThat(fail(browser, email)).as("failure %d of %s", i + 1, email).isEqualTo("?error");
        }
    }

    /** {@code times} spaced failures of which the last starts a lock and says so at once. */
    private static void failSpacedThen(Browser browser, String email, int times, String last) {
        failSpaced(browser, email, times - 1);
        clock.advance(Duration.ofSeconds(5));
        assertThat(fail(browser, email)).as("failure %d of %s", times, email).isEqualTo(last);
    }

    /**
     * The lock end as the login page shows it: Dutch local time, "HH:mm" when it ends today (the test clock's day)
     * and with the date when it ends on a later day (a run just before midnight).
     */
    static String amsterdam(Instant instant) {
        var zone = java.time.ZoneId.of("Europe/Amsterdam");
        boolean today = instant.atZone(zone).toLocalDate().equals(clock.instant().atZone(zone).toLocalDate());
        return java.time.format.DateTimeFormatter.ofPattern(today ? "HH:mm" : "d MMMM HH:mm", java.util.Locale.ENGLISH)
                .withZone(zone).format(instant);
    }

    private static String accountId(String email) {
        return server.bean(AccountRepository.class).findByEmail("portal", email).orElseThrow().id();
    }

    @Test
    void delaysGrowAfterTheFreeFailuresAndRefuseEvenTheRightPassword() {
        Browser browser = new Browser();
        String bob = "bob@example.org";
        assertThat(fail(browser, bob)).isEqualTo("?error");
        assertThat(fail(browser, bob)).isEqualTo("?error");
        assertThat(fail(browser, bob)).as("third try is still allowed at once").isEqualTo("?error");

        var refused = form.post(browser, bob, PASSWORD);
        assertThat(form.outcome(refused)).as("right password, but inside the 1 s delay").isEqualTo("?wait");
        assertThat(form.page(browser, refused)).contains("Too many attempts. Wait 1 second and try again.");

        clock.advance(Duration.ofSeconds(1));
        assertThat(fail(browser, bob)).isEqualTo("?error");
        var longer = form.post(browser, bob, PASSWORD);
        assertThat(form.outcome(longer)).isEqualTo("?wait");
        assertThat(form.page(browser, longer)).contains("Wait 2 seconds");
        assertThat(form.page(browser, longer)).as("a reload is harmless and keeps the message")
                .contains("Too many attempts. Wait 2 seconds");

        clock.advance(Duration.ofSeconds(1));
        assertThat(form.outcome(form.post(browser, bob, PASSWORD))).as("still 1 s to go").isEqualTo("?wait");
        clock.advance(Duration.ofSeconds(1));
        assertThat(form.outcome(form.post(browser, bob, PASSWORD))).isEqualTo("signed-in");
    }

    @Test
    void successResetsTheCounter() {
        Browser browser = new Browser();
        String dave = "dave@example.org";
        failSpaced(browser, dave, 4);
        clock.advance(Duration.ofSeconds(5));
        assertThat(form.outcome(form.post(browser, dave, PASSWORD))).isEqualTo("signed-in");

        // Without the reset the 5th failure would start a lockout; after it these are failures 1-3 again.
        assertThat(fail(browser, dave)).isEqualTo("?error");
        assertThat(fail(browser, dave)).isEqualTo("?error");
        assertThat(fail(browser, dave)).isEqualTo("?error");
        assertThat(form.outcome(form.post(browser, dave, PASSWORD))).isEqualTo("?wait");
    }

    @Test
    void lockoutThenDisableAtTheCapThenSupportUnlocks(CapturedOutput output) {
        Browser browser = new Browser();
        String carol = "carol@example.org";
        String id = accountId(carol);

        failSpaced(browser, carol, 4);
        clock.advance(Duration.ofSeconds(5));
        var locking = form.post(browser, carol, WRONG);
        assertThat(form.outcome(locking)).as("the failure that locks says so").isEqualTo("?locked");
        String end = amsterdam(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(form.page(browser, locking))
                .contains("Signing in with a password is blocked until " + end + " (Dutch time).");
        var locked = form.post(browser, carol, PASSWORD);
        assertThat(form.outcome(locked)).isEqualTo("?locked");
        assertThat(form.page(browser, locked)).as("the next attempt shows the same end")
                .contains("blocked until " + end + " (Dutch time).");
        var mail = awaitMail(carol);
        assertThat(mail.get("template").asString()).isEqualTo("lockout-notice");
        assertThat(mail.get("text").asString()).contains("127.0.0.1").contains("Forgot your password");

        clock.advance(Duration.ofMinutes(4));
        assertThat(form.outcome(form.post(browser, carol, PASSWORD))).isEqualTo("?locked");
        clock.advance(Duration.ofMinutes(1));
        failSpacedThen(browser, carol, 5, "?locked");
        var second = form.post(browser, carol, PASSWORD);
        assertThat(form.page(browser, second)).as("second lockout waits longer")
                .contains("blocked until " + amsterdam(clock.instant().plus(Duration.ofMinutes(15))));

        clock.advance(Duration.ofMinutes(15));
        failSpacedThen(browser, carol, 2, "?disabled");
        var disabled = form.post(browser, carol, PASSWORD);
        assertThat(form.outcome(disabled)).isEqualTo("?disabled");
        assertThat(form.page(browser, disabled)).contains("reset your password or contact support");
        clock.advance(Duration.ofDays(30));
        assertThat(form.outcome(form.post(browser, carol, PASSWORD))).as("a disable does not wear off")
                .isEqualTo("?disabled");

        String token = form.adminToken("support-tool", ADMIN_SECRET);
        String path = "/admin/realms/portal/users/" + id;
        var state = OidcTestClient.json(form.adminGet(path + "/lockout", token).body()).get("untrusted");
        assertThat(state.get("disabled").asBoolean()).isTrue();
        assertThat(state.get("failures").asLong()).isEqualTo(12);
        assertThat(state.get("lockouts").asInt()).isEqualTo(2);

        var unlocked = form.adminPost(path + "/unlock", token, "{\"reason\": \"ticket 4711, caller verified\"}");
        assertThat(unlocked.statusCode()).isEqualTo(200);
        assertThat(OidcTestClient.json(unlocked.body()).get("untrusted").get("disabled").asBoolean()).isFalse();
        assertThat(form.outcome(form.post(browser, carol, PASSWORD))).isEqualTo("signed-in");

        List<String> audit = output.getOut().lines().filter(l -> l.contains("audit event=")).toList();
        assertThat(audit).anyMatch(l -> l.contains("audit event=lockout realm=portal account=" + id + " ip="))
                .anyMatch(l -> l.contains("audit event=password-disabled realm=portal account=" + id))
                .anyMatch(l -> l.contains("audit event=unlock realm=portal account=" + id
                        + " actor=client:support-tool"))
                .noneMatch(l -> l.contains("@"));
    }

    @Test
    void aDisabledPasswordRecoversByAPasswordResetByEmail() {
        Browser browser = new Browser();
        String gina = "gina@example.org";
        failSpacedThen(browser, gina, 5, "?locked");
        clock.advance(Duration.ofMinutes(5));
        failSpacedThen(browser, gina, 5, "?locked");
        clock.advance(Duration.ofMinutes(15));
        failSpacedThen(browser, gina, 2, "?disabled");
        assertThat(form.outcome(form.post(browser, gina, PASSWORD))).isEqualTo("?disabled");

        String forgot = server.issuer("portal") + "/forgot";
        var page = browser.get(forgot);
        browser.postForm(forgot, Map.of("email", gina, "_csrf", Browser.csrfToken(page.body())));
        String link = awaitMail(gina, "password-reset").get("text").asString()
                .lines().filter(l -> l.contains("/reset?token=")).findFirst().orElseThrow().trim();
        var choose = browser.get(link);
        String newPassword = "harbor quilt meadow zephyr";
        var done = browser.postForm(server.issuer("portal") + "/reset", Map.of(
                "token", Browser.queryParams(link).get("token"), "password", newPassword,
                "_csrf", Browser.csrfToken(choose.body())));
        assertThat(Browser.location(done)).endsWith("/reset/done");
        assertThat(form.outcome(form.post(new Browser(), gina, newPassword))).isEqualTo("signed-in");
    }

    @Test
    void attackerLocksOnlyUntrustedBrowsersWhileTheUsersTrustedBrowserSignsInAtOnce() {
        String alice = "alice@example.org";
        Browser user = new Browser();
        var first = form.post(user, alice, PASSWORD);
        assertThat(form.outcome(first)).isEqualTo("signed-in");
        String setCookie = first.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("TOEGANG_DEVICE_portal=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("Path=/realms/portal/", "HttpOnly", "SameSite=Lax", "Max-Age=15552000");

        // The attacker knows the address, not the password, and has no device cookie: up to the disable.
        Browser attacker = new Browser();
        for (int i = 1; i <= 12; i++) {
            clock.advance(Duration.ofMinutes(16));
            assertThat(fail(attacker, alice)).as("failure %d", i)
                    .isEqualTo(i == 12 ? "?disabled" : i % 5 == 0 ? "?locked" : "?error");
        }
        assertThat(form.outcome(form.post(attacker, alice, PASSWORD)))
                .as("even the right password is refused from an untrusted browser").isEqualTo("?disabled");
        assertThat(form.outcome(form.post(new Browser(), alice, PASSWORD))).isEqualTo("?disabled");

        assertThat(form.outcome(form.post(user, alice, PASSWORD)))
                .as("the user's browser with its device cookie signs in at once").isEqualTo("signed-in");

        // A copied device cookie is worth nothing without the password.
        Browser thief = new Browser();
        HttpCookie device = user.cookies().getCookieStore().get(URI.create(server.baseUrl() + "/realms/portal/login"))
                .stream().filter(c -> c.getName().equals("TOEGANG_DEVICE_portal")).findFirst().orElseThrow();
        thief.cookies().getCookieStore().add(URI.create(server.baseUrl() + "/realms/portal/"), device);
        assertThat(fail(thief, alice)).isEqualTo("?error");
    }

    @Test
    void lockedExistingAndLockedUnknownAccountsLookAlike() {
        String frank = "frank@example.org";
        String ghost = "ghost@example.org";
        Browser a = new Browser();
        Browser b = new Browser();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(5));
            String expected = i < 4 ? "?error" : "?locked";
            assertThat(fail(a, frank)).isEqualTo(expected);
            assertThat(fail(b, ghost)).as("unknown addresses are counted like known ones").isEqualTo(expected);
        }
        assertSameAnswer(a, frank, b, ghost, "?locked");
        String end = amsterdam(clock.instant().plus(Duration.ofMinutes(5)));
        String login = form.loginUrl("portal");
        assertThat(a.get(login + "?lang=nl").body()).as("a language switch keeps the notice and its end")
                .contains("Inloggen met een wachtwoord is geblokkeerd tot " + end + " uur.");
        assertThat(normalize(a.get(login + "?lang=nl").body(), frank))
                .isEqualTo(normalize(b.get(login + "?lang=nl").body(), ghost));

        // Another browser cannot learn the lock from a URL that names the address.
        for (String query : new String[]{"?email=" + Browser.enc(frank), "?locked&email=" + Browser.enc(frank),
                "?locked&email=" + Browser.enc(ghost), "?email=" + Browser.enc(ghost) + "&lang=nl"}) {
            String page = new Browser().get(login + query, Map.of("Accept-Language", "en")).body();
            assertThat(page).as(query).doesNotContain("blocked until", "geblokkeerd tot", frank, ghost);
        }
        assertThat(normalize(new Browser().get(login + "?locked&email=" + Browser.enc(frank)).body(), frank))
                .isEqualTo(normalize(new Browser().get(login + "?locked&email=" + Browser.enc(ghost)).body(), ghost));
        // That both refusals do the same work (no lookup, no hash) is proven step by step in EqualLoginWorkContract.

        clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(5));
            fail(a, frank);
            fail(b, ghost);
        }
        clock.advance(Duration.ofMinutes(15));
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofSeconds(5));
            fail(a, frank);
            fail(b, ghost);
        }
        assertSameAnswer(a, frank, b, ghost, "?disabled");
    }

    private static void assertSameAnswer(Browser a, String emailA, Browser b, String emailB, String expected) {
        var ra = form.post(a, emailA, PASSWORD);
        var rb = form.post(b, emailB, PASSWORD);
        assertThat(ra.statusCode()).isEqualTo(303).isEqualTo(rb.statusCode());
        assertThat(form.outcome(ra)).isEqualTo(expected);
        assertThat(Browser.location(ra)).isEqualTo(Browser.location(rb));
        String pageA = form.page(a, ra);
        assertThat(pageA).contains("id=\"login-" + expected.substring(1) + "\"");
        assertThat(normalize(pageA, emailA)).isEqualTo(normalize(form.page(b, rb), emailB));
    }

    private static String normalize(String html, String email) {
        return html.replace(email, "EMAIL").replaceAll("name=\"_csrf\"\\s+(?:value|content)=\"[^\"]+\"", "CSRF");
    }

    private static tools.jackson.databind.JsonNode awaitMail(String to) {
        return awaitMail(to, null);
    }

    private static tools.jackson.databind.JsonNode awaitMail(String to, String template) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            var response = new Browser().get(server.baseUrl() + "/dev/mailbox/latest?to=" + Browser.enc(to),
                    Map.of("Accept", "application/json"));
            if (response.statusCode() == 200 && (template == null
                    || template.equals(OidcTestClient.json(response.body()).get("template").asString()))) {
                return OidcTestClient.json(response.body());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no mail to " + to);
    }
}
