package nl.toegang.config;

import nl.toegang.mail.dev.DevMailbox;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code toegang.local-time.zone} is the one zone people read times in: a server set to Tokyo says the end of a lock,
 * the end of maintenance and the time in a security mail in Tokyo time (nine hours from UTC, so no time can match by
 * accident), and names the zone instead of "Dutch time".
 */
class LocalTimeZoneTest {
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    static final Instant MAINTENANCE_END = Instant.parse("2026-12-05T12:00:00Z");

    @TempDir
    static Path temp;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                settings:
                  lockout:
                    freeFailures: 1
                    failuresPerLockout: 1
                    lockoutWaits: [30m]
                users:
                  - email: alice@example.org
                    password: Correct-Horse-Battery-42
                    name: Alice
                    emailVerified: true
                    locale: en
                """);
        Files.writeString(realms.resolve("paused.yaml"), """
                name: paused
                displayName: Mijn Portaal
                maintenance:
                  message:
                    nl: Onderhoud.
                    en: Maintenance.
                  until: %s
                """.formatted(MAINTENANCE_END));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of("toegang.local-time.zone", "Asia/Tokyo",
                "toegang.mail.dispatch-interval", "100ms")).withClock(new MutableClock(NOW)).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theLockEndAndTheLockoutMailAreInTheConfiguredZoneAndNamedByIt() throws Exception {
        Browser browser = new Browser();
        String login = server.baseUrl() + "/realms/portal/login";
        var form = browser.get(login, Map.of("Accept-Language", "en"));
        var locked = browser.postForm(login, Map.of("email", "alice@example.org", "password", "wrong-password-1",
                "_csrf", Browser.csrfToken(form.body())));
        assertThat(Browser.location(locked)).endsWith("/login?locked");
        String page = browser.get(Browser.resolve(locked), Map.of("Accept-Language", "en")).body();

        Instant end = NOW.plus(Duration.ofMinutes(30));
        assertThat(page).contains("blocked until 19:30 (" + TOKYO.getDisplayName(java.time.format.TextStyle.FULL,
                Locale.ENGLISH) + ").").doesNotContain("Dutch time").doesNotContain("11:30");

        String until = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                .withLocale(Locale.ENGLISH).withZone(TOKYO).format(end);
        assertThat(until).contains("7:30");
        String mail = awaitMail("alice@example.org");
        assertThat(mail).contains(until);
    }

    @Test
    void theMaintenanceEndIsInTheConfiguredZone() {
        var status = new Browser().get(server.baseUrl() + "/realms/paused/status",
                Map.of("Accept", "text/html", "Accept-Language", "en"));
        assertThat(status.body()).contains("21:00").doesNotContain("13:00");
    }

    @Test
    void anUnknownZoneStopsTheStartNamingTheSetting() {
        TestServer broken = TestServer.embedded(temp.resolve("broken"), temp.resolve("realms"),
                Map.of("toegang.local-time.zone", "Mars/Olympus_Mons"));
        assertThatThrownBy(broken::start).hasStackTraceContaining("toegang.local-time.zone");
    }

    private static String awaitMail(String to) throws InterruptedException {
        DevMailbox mailbox = server.bean(DevMailbox.class);
        for (int i = 0; i < 100; i++) {
            var mail = mailbox.latestTo(to);
            if (mail.isPresent()) {
                return mail.get().text();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail to " + to);
    }
}
