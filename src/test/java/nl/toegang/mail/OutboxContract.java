package nl.toegang.mail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import nl.toegang.crypto.DecryptionException;
import nl.toegang.crypto.MasterKey;
import nl.toegang.mail.jdbc.JdbcOutboxRepository;
import nl.toegang.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.TestAbortedException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every database must do for the outbox; subclasses supply a migrated database. Several dispatcher objects on
 * one database stand for several nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
abstract class OutboxContract {

    static final int SMTP_PORT = FreePort.find();

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"))
            .withPerMethodLifecycle(false);

    private DataSource dataSource;
    private TestAbortedException databaseUnavailable;
    private JdbcClient jdbc;
    private MasterKey masterKey;
    private MailRenderer renderer;
    private MutableClock clock;

    abstract DataSource openDatabase();

    abstract void closeDatabase();

    @BeforeAll
    void setUpDatabase() {
        try {
            dataSource = openDatabase();
        } catch (TestAbortedException unavailable) {
            // Surefire does not report a skip from @BeforeAll at all; repeat it per test so it shows as skipped.
            databaseUnavailable = unavailable;
            return;
        }
        jdbc = JdbcClient.create(dataSource);
        var messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        renderer = new MailRenderer(messages, true);
    }

    @AfterAll
    void tearDownDatabase() {
        if (dataSource != null) {
            closeDatabase();
        }
    }

    @BeforeEach
    void cleanSlate() throws Exception {
        if (databaseUnavailable != null) {
            throw databaseUnavailable;
        }
        jdbc.sql("delete from mail_outbox").update();
        smtp.purgeEmailFromAllMailboxes();
        byte[] key = new byte[MasterKey.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        masterKey = MasterKey.fromBase64(Base64.getEncoder().encodeToString(key));
        clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    }

    private OutboxRepository repository() {
        return new JdbcOutboxRepository(jdbc, masterKey);
    }

    private Mailer mailer() {
        return new OutboxMailer(renderer, repository(), clock);
    }

    private MailTransport smtpTransport() throws Exception {
        var sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(SMTP_PORT);
        return new SmtpMailTransport(sender, new InternetAddress("Toegang <no-reply@localhost>"), clock);
    }

    private static MailRequest request(String to, String code) {
        return new MailRequest("portal", to, Locale.ENGLISH, "test-message",
                Map.of("realmName", "Portal", "code", code), true);
    }

    @Test
    void twoDispatchersRunningAtOnceDeliverEachMailExactlyOnce() throws Exception {
        int mails = 30;
        Mailer mailer = mailer();
        for (int i = 0; i < mails; i++) {
            mailer.send(request("user" + i + "@example.org", "code-" + i));
        }
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        MailTransport smtpTransport = smtpTransport();
        MailTransport counting = mail -> {
            deliveries.computeIfAbsent(mail.id(), id -> new AtomicInteger()).incrementAndGet();
            smtpTransport.deliver(mail);
        };
        List<OutboxDispatcher> nodes = List.of(
                new OutboxDispatcher(repository(), counting, clock),
                new OutboxDispatcher(repository(), counting, clock));

        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (OutboxDispatcher node : nodes) {
                results.add(pool.submit(() -> {
                    go.await();
                    return node.dispatchDue();
                }));
            }
            go.countDown();
            int delivered = 0;
            for (Future<Integer> result : results) {
                delivered += result.get(60, TimeUnit.SECONDS);
            }
            assertThat(delivered).isEqualTo(mails);
        } finally {
            pool.shutdownNow();
        }

        assertThat(deliveries).hasSize(mails);
        assertThat(deliveries.values()).allMatch(count -> count.get() == 1);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(mails);
        Set<String> recipients = new java.util.HashSet<>();
        for (MimeMessage m : received) {
            recipients.add(m.getAllRecipients()[0].toString());
        }
        assertThat(recipients).hasSize(mails);
        assertThat(jdbc.sql("select count(*) from mail_outbox where sent_at is null").query(Long.class).single())
                .isZero();
        assertThat(nodes.get(0).dispatchDue() + nodes.get(1).dispatchDue()).isZero();
    }

    @Test
    void aClaimedMailBelongsToOneNodeUntilTheClaimLapses() {
        mailer().send(request("kim@example.org", "1"));
        OutboxRepository repo = repository();
        String id = repo.dueIds(clock.instant(), 10).get(0);
        Instant now = clock.instant();

        assertThat(repo.claim(id, "node-a", now, now.plus(OutboxDispatcher.CLAIM_DURATION))).isTrue();
        assertThat(repo.claim(id, "node-b", now, now.plus(OutboxDispatcher.CLAIM_DURATION))).isFalse();
        assertThat(repo.dueIds(now, 10)).isEmpty();

        Instant later = now.plus(OutboxDispatcher.CLAIM_DURATION).plusSeconds(1);
        assertThat(repo.dueIds(later, 10)).containsExactly(id);
        assertThat(repo.claim(id, "node-b", later, later.plus(OutboxDispatcher.CLAIM_DURATION))).isTrue();
        // node-a's late result no longer counts: the mail is node-b's now.
        repo.markSent(id, "node-a", later);
        assertThat(repo.load(id)).isPresent();
    }

    @Test
    void aFailingMailIsRetriedWithGrowingDelaysAndGivenUpAfter24Hours(CapturedOutput output) {
        mailer().send(request("lou.failing@example.org", "SECRET-1"));
        AtomicInteger calls = new AtomicInteger();
        OutboxDispatcher dispatcher = new OutboxDispatcher(repository(), mail -> {
            calls.incrementAndGet();
            throw new IllegalStateException("550 5.1.1 <" + mail.to() + ">: Recipient address rejected");
        }, clock);
        Instant queued = clock.instant();

        List<Duration> delays = new ArrayList<>();
        while (true) {
            assertThat(dispatcher.dispatchDue()).isZero();
            Map<String, Object> row = jdbc.sql("select * from mail_outbox").query().singleRow();
            assertThat((String) row.get("last_error")).contains("l***@example.org").doesNotContain("lou.failing");
            if (row.get("abandoned_at") != null) {
                assertThat(row.get("body_text")).isNull();
                assertThat(row.get("body_html")).isNull();
                assertThat(row.get("next_attempt_at")).isNull();
                assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(calls.get());
                break;
            }
            Instant next = instant(row.get("next_attempt_at"));
            delays.add(Duration.between(clock.instant(), next));
            clock.advance(Duration.ofSeconds(1));
            assertThat(dispatcher.dispatchDue()).as("not due before its time").isZero();
            clock.set(next);
            assertThat(calls.get()).isLessThan(100);
        }

        assertThat(delays).startsWith(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(2),
                Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(1));
        assertThat(clock.instant()).isEqualTo(queued.plus(RetrySchedule.GIVE_UP_AFTER));
        assertThat(output.getAll()).contains("(test-message) given up after " + calls.get() + " attempts")
                .doesNotContain("lou.failing").doesNotContain("SECRET-1");

        // A given-up mail is never tried again.
        clock.advance(Duration.ofDays(2));
        int before = calls.get();
        dispatcher.dispatchDue();
        assertThat(calls.get()).isEqualTo(before);
    }

    @Test
    void finishedMailsArePurgedAfterADay() throws Exception {
        mailer().send(request("mo@example.org", "1"));
        OutboxDispatcher dispatcher = new OutboxDispatcher(repository(), smtpTransport(), clock);
        assertThat(dispatcher.dispatchDue()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from mail_outbox").query(Long.class).single()).isEqualTo(1);

        clock.advance(Duration.ofHours(23));
        dispatcher.dispatchDue();
        assertThat(jdbc.sql("select count(*) from mail_outbox").query(Long.class).single()).isEqualTo(1);

        clock.advance(Duration.ofHours(2));
        dispatcher.dispatchDue();
        assertThat(jdbc.sql("select count(*) from mail_outbox").query(Long.class).single()).isZero();
    }

    @Test
    void bodiesAreEncryptedAndBoundToTheirRow() {
        Mailer mailer = mailer();
        mailer.send(request("nina@example.org", "SECRET-4711"));
        mailer.send(request("otto@example.org", "SECRET-4712"));

        String all = jdbc.sql("select * from mail_outbox").query().listOfRows().toString();
        assertThat(all).doesNotContain("SECRET-47").doesNotContain("test message");

        // A body copied into another row does not decrypt there.
        jdbc.sql("update mail_outbox set body_text = (select body_text from mail_outbox where recipient = ?) "
                + "where recipient = ?").params("nina@example.org", "otto@example.org").update();
        String otto = jdbc.sql("select id from mail_outbox where recipient = ?").param("otto@example.org")
                .query(String.class).single();
        assertThatThrownBy(() -> repository().load(otto)).isInstanceOf(DecryptionException.class);
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
