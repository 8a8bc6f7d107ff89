package nl.toegang.mail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Mail through a real server and a real (in-process) SMTP server, as a recipient sees it. */
@ExtendWith(OutputCaptureExtension.class)
class SmtpMailTest {

    static final int SMTP_PORT = FreePort.find();

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"))
            .withPerMethodLifecycle(false);

    @TempDir
    static Path temp;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of(
                "toegang.mail.transport", "smtp",
                "toegang.mail.from", "Mijn Portaal <no-reply@portaal.example.nl>",
                "toegang.mail.dispatch-interval", "1h", // the tests dispatch themselves
                "spring.mail.host", "127.0.0.1",
                "spring.mail.port", String.valueOf(SMTP_PORT))).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void emptyMailboxes() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        server.bean(OutboxDispatcher.class).dispatchDue();
    }

    private static MailRequest testMessage(String to, Locale locale, String code) {
        return new MailRequest("portal", to, locale, "test-message",
                Map.of("realmName", "Mijn Portaal", "code", code), true);
    }

    @Test
    void whenSentAndDispatchedThenOneMultipartMailArrivesWithTextAndHtml() throws Exception {
        server.bean(Mailer.class).send(testMessage("alice@example.org", Locale.ENGLISH, "493817"));

        assertThat(server.bean(OutboxDispatcher.class).dispatchDue()).isEqualTo(1);

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getSubject()).isEqualTo("Test message from Mijn Portaal");
        assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo("no-reply@portaal.example.nl");
        assertThat(((InternetAddress) mail.getFrom()[0]).getPersonal()).isEqualTo("Mijn Portaal");
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("alice@example.org");
        assertThat(mail.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(mail.getContentType()).startsWith("multipart/alternative");

        Multipart parts = (Multipart) mail.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        String text = (String) parts.getBodyPart(0).getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertThat(text).contains("This is a test message from Mijn Portaal.").contains("493817")
                .doesNotContain("<");
        assertThat(html).contains("<html lang=\"en\"").contains("This is a test message from Mijn Portaal.")
                .contains("493817").doesNotContain("<img").doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void theMailIsRenderedInTheRequestedLanguage() throws Exception {
        Mailer mailer = server.bean(Mailer.class);
        mailer.send(testMessage("nl@example.org", Locale.forLanguageTag("nl"), "111111"));
        mailer.send(testMessage("en@example.org", Locale.ENGLISH, "222222"));
        server.bean(OutboxDispatcher.class).dispatchDue();

        MimeMessage dutch = receivedBy("nl@example.org");
        MimeMessage english = receivedBy("en@example.org");
        assertThat(dutch.getSubject()).isEqualTo("Testbericht van Mijn Portaal");
        assertThat(english.getSubject()).isEqualTo("Test message from Mijn Portaal");
        String dutchText = (String) ((Multipart) dutch.getContent()).getBodyPart(0).getContent();
        assertThat(dutchText).contains("Dit is een testbericht van Mijn Portaal.")
                .contains("Antwoorden hierop worden niet gelezen.");
    }

    private static MimeMessage receivedBy(String address) throws Exception {
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(address)) {
                return m;
            }
        }
        throw new AssertionError("no mail to " + address);
    }

    @Test
    void bodiesInTheDatabaseAreEncryptedAndDroppedOnceSent() {
        String code = "SECRET-736251";
        server.bean(Mailer.class).send(testMessage("carol@example.org", Locale.ENGLISH, code));
        JdbcClient jdbc = server.bean(JdbcClient.class);

        Map<String, Object> queued = jdbc.sql("select * from mail_outbox where recipient = 'carol@example.org'")
                .query().singleRow();
        assertThat(queued.toString()).doesNotContain(code).doesNotContain("test message");
        assertThat((String) queued.get("body_text")).isBase64();

        server.bean(OutboxDispatcher.class).dispatchDue();

        Map<String, Object> sent = jdbc.sql("select * from mail_outbox where recipient = 'carol@example.org'")
                .query().singleRow();
        assertThat(sent.get("body_text")).isNull();
        assertThat(sent.get("body_html")).isNull();
        assertThat(sent.get("sent_at")).isNotNull();
        assertThat(sent.get("next_attempt_at")).isNull();
    }

    @Test
    void logsNameTheMailButNeitherTheFullAddressNorTheSecret(CapturedOutput output) {
        String code = "SECRET-918273";
        server.bean(Mailer.class).send(testMessage("dave.secretive@example.org", Locale.ENGLISH, code));
        server.bean(OutboxDispatcher.class).dispatchDue();

        assertThat(smtp.getReceivedMessages()).hasSize(1);
        // Everything Toegang logged; GreenMail (standing in for the outside mail server) logs addresses itself.
        String toegangLog = output.getAll().lines().filter(line -> !line.contains("c.icegreen.greenmail"))
                .collect(Collectors.joining("\n"));
        assertThat(toegangLog).contains("(test-message) queued for d***@example.org")
                .contains("(test-message) sent to d***@example.org")
                .doesNotContain("dave.secretive").doesNotContain(code);
    }

    @Test
    void theDevMailboxDoesNotExistWithTheSmtpTransport() {
        var browser = new Browser();
        assertThat(browser.get(server.baseUrl() + "/dev/mailbox").statusCode()).isEqualTo(404);
        assertThat(browser.get(server.baseUrl() + "/dev/mailbox/latest?to=alice@example.org", Map.of())
                .statusCode()).isEqualTo(404);
    }
}
