package nl.toegang.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The mail server is down when a feature sends: nobody waits, nothing is lost, nothing is sent twice. */
@ExtendWith(OutputCaptureExtension.class)
class SmtpOutageTest {

    static final int SMTP_PORT = FreePort.find(); // nothing listens here until the test starts GreenMail

    @TempDir
    static Path temp;
    static TestServer server;
    GreenMail smtp;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of(
                "toegang.mail.transport", "smtp",
                "toegang.mail.dispatch-interval", "1h", // the test dispatches itself
                "spring.mail.host", "127.0.0.1",
                "spring.mail.port", String.valueOf(SMTP_PORT))).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @AfterEach
    void stopSmtp() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    record Row(int attempts, Instant nextAttemptAt, String lastError, Instant sentAt) {
    }

    private static Row row(String recipient) {
        return server.bean(JdbcClient.class)
                .sql("select attempts, next_attempt_at, last_error, sent_at from mail_outbox where recipient = ?")
                .param(recipient)
                .query((rs, n) -> new Row(rs.getInt(1), instant(rs.getObject(2, OffsetDateTime.class)),
                        rs.getString(3), instant(rs.getObject(4, OffsetDateTime.class))))
                .single();
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    @Test
    void whenSmtpIsDownThenSendReturnsAtOnceAndTheMailIsDeliveredOnceWhenItIsBack(CapturedOutput output) {
        String to = "erin.outage@example.org";
        String code = "SECRET-554433";
        Mailer mailer = server.bean(Mailer.class);
        OutboxDispatcher dispatcher = server.bean(OutboxDispatcher.class);

        long started = System.nanoTime();
        mailer.send(new MailRequest("portal", to, Locale.ENGLISH, "test-message",
                Map.of("realmName", "Portal", "code", code), true));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

        Instant beforeAttempt = Instant.now();
        assertThat(dispatcher.dispatchDue()).isZero();
        Row failed = row(to);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.nextAttemptAt()).isAfter(beforeAttempt.plusSeconds(9));
        assertThat(failed.sentAt()).isNull();
        assertThat(failed.lastError()).isNotBlank().doesNotContain("erin").doesNotContain(code);

        // Not due yet: another pass leaves it alone.
        assertThat(dispatcher.dispatchDue()).isZero();
        assertThat(row(to).attempts()).isEqualTo(1);

        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));
        smtp.start();
        server.bean(JdbcClient.class).sql("update mail_outbox set next_attempt_at = ? where recipient = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), to).update();

        assertThat(dispatcher.dispatchDue()).isEqualTo(1);
        assertThat(dispatcher.dispatchDue()).isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(row(to).sentAt()).isNotNull();

        String toegangLog = output.getAll().lines().filter(line -> !line.contains("c.icegreen.greenmail"))
                .collect(Collectors.joining("\n"));
        assertThat(toegangLog).contains("(test-message) attempt 1 failed")
                .contains("(test-message) sent to e***@example.org after 1 failed attempts")
                .doesNotContain("erin").doesNotContain(code);
    }
}
