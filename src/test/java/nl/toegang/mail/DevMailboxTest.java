package nl.toegang.mail;

import com.nimbusds.jose.util.JSONObjectUtils;
import nl.toegang.mail.dev.DevMailbox;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The development mailbox in the embedded default, and that production cannot use it. */
class DevMailboxTest {

    @TempDir
    static Path temp;
    static TestServer server;
    static Path realms;

    @BeforeAll
    static void start() throws Exception {
        realms = Files.createDirectories(temp.resolve("realms"));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of(
                "toegang.mail.dispatch-interval", "100ms")).start(); // transport: the default (dev)
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static void send(String to, String code) {
        server.bean(Mailer.class).send(new MailRequest("portal", to, Locale.forLanguageTag("nl"), "test-message",
                Map.of("realmName", "Mijn Portaal", "code", code), true));
        server.bean(OutboxDispatcher.class).dispatchDue();
    }

    private static String latestUrl(String to) {
        return server.baseUrl() + "/dev/mailbox/latest?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8);
    }

    @Test
    void theScheduledDispatcherDeliversWithoutAnyoneAsking() throws Exception {
        server.bean(Mailer.class).send(new MailRequest("portal", "quinn@example.org", Locale.ENGLISH, "test-message",
                Map.of("realmName", "Portal"), false));

        var browser = new Browser();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status;
        while ((status = browser.get(latestUrl("quinn@example.org"), Map.of()).statusCode()) == 404
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(status).isEqualTo(200);
    }

    @Test
    void theMailboxPageListsMailsNewestFirst() {
        send("gina@example.org", "100001");
        send("hank@example.org", "100002");

        var page = new Browser().get(server.baseUrl() + "/dev/mailbox");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'");
        assertThat(page.body()).contains("gina@example.org").contains("hank@example.org")
                .contains("Testbericht van Mijn Portaal");
        assertThat(page.body().indexOf("hank@example.org")).isLessThan(page.body().indexOf("gina@example.org"));
    }

    @Test
    void latestReturnsTheNewestMailToThatAddressAsJson() throws Exception {
        send("ivy@example.org", "200001");
        send("ivy@example.org", "200002");

        var response = new Browser().get(latestUrl("Ivy@Example.org"), Map.of("Accept", "application/json"));

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> json = JSONObjectUtils.parse(response.body());
        assertThat(json.get("to")).isEqualTo("ivy@example.org");
        assertThat(json.get("subject")).isEqualTo("Testbericht van Mijn Portaal");
        assertThat(json.get("template")).isEqualTo("test-message");
        assertThat((String) json.get("text")).contains("200002");
        assertThat((String) json.get("html")).contains("200002");
        assertThat(new Browser().get(latestUrl("nobody@example.org"), Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void oneMailShowsItsTextAndServesItsHtmlInASandbox() throws Exception {
        send("jack@example.org", "300001");
        String id = (String) JSONObjectUtils.parse(new Browser().get(latestUrl("jack@example.org"), Map.of()).body())
                .get("id");

        var page = new Browser().get(server.baseUrl() + "/dev/mailbox/" + id);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("300001").contains("/dev/mailbox/" + id + ".html");

        var html = new Browser().get(server.baseUrl() + "/dev/mailbox/" + id + ".html");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(html.headers().allValues("Content-Security-Policy"))
                .containsExactly("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                        + "frame-ancestors 'none'");
        assertThat(html.body()).contains("300001").contains("<html lang=\"nl\"");

        assertThat(new Browser().get(server.baseUrl() + "/dev/mailbox/" + UUID.randomUUID()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void theMailboxKeepsOnlyTheNewestMails() {
        DevMailbox mailbox = new DevMailbox(2, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        for (int i = 1; i <= 3; i++) {
            mailbox.deliver(new OutgoingMail("id-" + i, "portal", "test-message", "u" + i + "@example.org", "s",
                    "t", "h", 0, Instant.EPOCH));
        }
        assertThat(mailbox.list()).extracting(m -> m.id()).containsExactly("id-3", "id-2");
    }

    @Test
    void inProductionTheDevTransportStopsStartup() throws Exception {
        var production = TestServer.embedded(temp.resolve("prod-data"), realms, Map.of(
                "toegang.production", "true",
                "toegang.public-url", "https://login.example.nl",
                "toegang.master-key", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
                "toegang.mock-digid.enabled", "false", // as in the prod profile: only the mailbox is wrong here
                "toegang.mail.transport", "dev"));

        assertThatThrownBy(production::start).hasStackTraceContaining(
                "the dev mailbox cannot be used in production; set toegang.mail.transport=smtp and spring.mail.host");
    }
}
