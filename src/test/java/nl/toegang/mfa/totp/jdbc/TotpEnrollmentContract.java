package nl.toegang.mfa.totp.jdbc;

import nl.toegang.crypto.DecryptionException;
import nl.toegang.crypto.MasterKey;
import nl.toegang.mfa.DatabaseContract;
import nl.toegang.mfa.totp.PendingTotp;
import nl.toegang.mfa.totp.QrCodeRenderer;
import nl.toegang.mfa.totp.Totp;
import nl.toegang.mfa.totp.TotpCredential;
import nl.toegang.mfa.totp.TotpEnrollment;
import nl.toegang.mfa.totp.TotpParameters;
import nl.toegang.mfa.totp.TotpResult;
import nl.toegang.mfa.totp.TotpSecret;
import nl.toegang.mfa.totp.TotpSecretGenerator;
import nl.toegang.mfa.totp.memory.InMemoryTotpReplayGuard;
import nl.toegang.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TOTP enrolment and sign-in through {@link TotpEnrollment} on {@link JdbcTotpCredentialRepository}; subclasses
 * give the database. A second service instance on the same database stands for another node or a restart.
 */
abstract class TotpEnrollmentContract extends DatabaseContract {

    private static final String REALM = "demo";
    private static final String ALICE = "7f3a0d52-5b7e-4a2c-9f3e-2b1c0a9d8e71";
    private static final String BOB = "0b9c6f1e-3d2a-4c5b-8e7f-6a5b4c3d2e1f";

    private final Totp totp = new Totp(TotpParameters.DEFAULT);
    private MutableClock clock;
    private MasterKey masterKey;
    private JdbcTotpCredentialRepository repository;
    private TotpEnrollment enrollment;

    @BeforeEach
    void newService() {
        clock = new MutableClock(Instant.parse("2026-01-15T10:00:05Z"));
        masterKey = MasterKey.fromBase64(Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)));
        repository = new JdbcTotpCredentialRepository(jdbc, tx, masterKey);
        enrollment = service(repository);
    }

    private TotpEnrollment service(JdbcTotpCredentialRepository repo) {
        return new TotpEnrollment(repo, new InMemoryTotpReplayGuard(clock), new TotpSecretGenerator(new SecureRandom()),
                new QrCodeRenderer(), realm -> "Toegang " + realm, TotpParameters.DEFAULT,
                TotpEnrollment.DEFAULT_PENDING_LIFETIME, clock);
    }

    private String codeFor(PendingTotp pending, Duration offset) {
        return totp.code(pending.secret().bytes(), totp.timeStep(clock.instant().plus(offset)));
    }

    private String codeNow(PendingTotp pending) {
        return codeFor(pending, Duration.ZERO);
    }

    @Test
    void beginShowsTheKeyAsTextUriAndQrCode() {
        PendingTotp pending = enrollment.begin(REALM, ALICE, "alice@example.nl");

        assertThat(pending.secret().bytes()).hasSize(20);
        assertThat(pending.otpauthUri()).startsWith("otpauth://totp/Toegang%20demo:alice%40example.nl?secret="
                + pending.secret().base32() + "&issuer=Toegang%20demo&algorithm=SHA1&digits=6&period=30");
        assertThat(pending.qrCodeDataUri()).startsWith("data:image/png;base64,");
        assertThat(pending.secretForDisplay().replace(" ", "")).isEqualTo(pending.secret().base32());
    }

    @Test
    void pendingKeyDoesNotSignIn() {
        PendingTotp pending = enrollment.begin(REALM, ALICE, "alice@example.nl");

        assertThat(enrollment.verify(REALM, ALICE, codeNow(pending), clock.instant()))
                .isEqualTo(new TotpResult.NotEnrolled());
    }

    @Test
    void wrongFirstCodeKeepsItPending() {
        PendingTotp pending = enrollment.begin(REALM, ALICE, "alice@example.nl");
        String wrong = codeFor(pending, Duration.ofMinutes(5));

        assertThat(enrollment.confirm(REALM, ALICE, wrong, clock.instant())).isFalse();
        assertThat(enrollment.confirm(REALM, ALICE, "abcdef", clock.instant())).isFalse();

        assertThat(repository.findConfirmed(REALM, ALICE)).isEmpty();
        assertThat(repository.findPending(REALM, ALICE)).isPresent();
        assertThat(enrollment.verify(REALM, ALICE, codeNow(pending), clock.instant()))
                .isEqualTo(new TotpResult.NotEnrolled());
    }

    @Test
    void confirmedKeySignsInOncePerStep() {
        PendingTotp pending = enrollment.begin(REALM, ALICE, "alice@example.nl");
        assertThat(enrollment.confirm(REALM, ALICE, codeNow(pending), clock.instant())).isTrue();

        clock.advance(Duration.ofSeconds(30));
        String code = codeNow(pending);
        long step = totp.timeStep(clock.instant());

        assertThat(enrollment.verify(REALM, ALICE, code, clock.instant())).isEqualTo(new TotpResult.Accepted(step));
        assertThat(enrollment.verify(REALM, ALICE, code, clock.instant())).isEqualTo(new TotpResult.Replayed(step));
        TotpCredential stored = repository.findConfirmed(REALM, ALICE).orElseThrow();
        assertThat(stored.confirmedAt()).isEqualTo(Instant.parse("2026-01-15T10:00:05Z"));
        assertThat(stored.lastUsedAt()).isEqualTo(clock.instant());
        assertThat(repository.findPending(REALM, ALICE)).isEmpty();
    }

    @Test
    void theConfirmingCodeCannotAlsoSignIn() {
        PendingTotp pending = enrollment.begin(REALM, ALICE, "alice@example.nl");
        String code = codeNow(pending);
        enrollment.confirm(REALM, ALICE, code, clock.instant());

        assertThat(enrollment.verify(REALM, ALICE, code, clock.instant())).isInstanceOf(TotpResult.Replayed.class);
    }

    @Test
    void olderCodeAfterANewerOneIsReplayed() {
        PendingTotp pending = enrollment.begin(REALM, ALICE, "alice@example.nl");
        enrollment.confirm(REALM, ALICE, codeNow(pending), clock.instant());
        clock.advance(Duration.ofMinutes(2));

        String previous = codeFor(pending, Duration.ofSeconds(-30));
        String next = codeFor(pending, Duration.ofSeconds(30));
        assertThat(enrollment.verify(REALM, ALICE, next, clock.instant())).isInstanceOf(TotpResult.Accepted.class);
        assertThat(enrollment.verify(REALM, ALICE, previous, clock.instant())).isInstanceOf(TotpResult.Replayed.class);
        assertThat(enrollment.verify(REALM, ALICE, codeNow(pending), clock.instant()))
                .isInstanceOf(TotpResult.Replayed.class);
    }

    @Test
    void wrongCodeAndCodesOutsideTheWindowAreRejected() {
        PendingTotp pending = enrollment.begin(REALM, ALICE, "alice@example.nl");
        enrollment.confirm(REALM, ALICE, codeNow(pending), clock.instant());
        clock.advance(Duration.ofMinutes(5));

        assertThat(enrollment.verify(REALM, ALICE, codeFor(pending, Duration.ofSeconds(-60)), clock.instant()))
                .isEqualTo(new TotpResult.Rejected());
        assertThat(enrollment.verify(REALM, ALICE, codeFor(pending, Duration.ofSeconds(60)), clock.instant()))
                .isEqualTo(new TotpResult.Rejected());
        assertThat(enrollment.verify(REALM, ALICE, "12345x", clock.instant())).isEqualTo(new TotpResult.Rejected());
    }

    @Test
    void reEnrollingKeepsTheOldKeyUntilTheNewOneIsConfirmed() {
        PendingTotp first = enrollment.begin(REALM, ALICE, "alice@example.nl");
        enrollment.confirm(REALM, ALICE, codeNow(first), clock.instant());

        clock.advance(Duration.ofMinutes(1));
        PendingTotp second = enrollment.begin(REALM, ALICE, "alice@example.nl");
        assertThat(enrollment.verify(REALM, ALICE, codeNow(first), clock.instant()))
                .isInstanceOf(TotpResult.Accepted.class);
        clock.advance(Duration.ofSeconds(30));
        assertThat(enrollment.verify(REALM, ALICE, codeNow(second), clock.instant()))
                .isEqualTo(new TotpResult.Rejected());

        assertThat(enrollment.confirm(REALM, ALICE, codeNow(second), clock.instant())).isTrue();
        clock.advance(Duration.ofSeconds(30));
        assertThat(enrollment.verify(REALM, ALICE, codeNow(first), clock.instant()))
                .isEqualTo(new TotpResult.Rejected());
        assertThat(enrollment.verify(REALM, ALICE, codeNow(second), clock.instant()))
                .isInstanceOf(TotpResult.Accepted.class);
    }

    @Test
    void beginningAgainReplacesThePendingKey() {
        PendingTotp first = enrollment.begin(REALM, ALICE, "alice@example.nl");
        PendingTotp second = enrollment.begin(REALM, ALICE, "alice@example.nl");

        assertThat(enrollment.confirm(REALM, ALICE, codeNow(first), clock.instant())).isFalse();
        assertThat(enrollment.confirm(REALM, ALICE, codeNow(second), clock.instant())).isTrue();
    }

    @Test
    void confirmingAKeyThatWasReplacedMeanwhileFails() {
        PendingTotp first = enrollment.begin(REALM, ALICE, "alice@example.nl");
        enrollment.begin(REALM, ALICE, "alice@example.nl");

        // The repository checks that the pending row still holds the key that the code was checked against.
        assertThat(repository.confirmPending(REALM, ALICE, first.secret(), clock.instant())).isFalse();
        assertThat(repository.findConfirmed(REALM, ALICE)).isEmpty();
    }

    @Test
    void pendingEnrolmentExpires() {
        PendingTotp pending = enrollment.begin(REALM, ALICE, "alice@example.nl");
        clock.advance(TotpEnrollment.DEFAULT_PENDING_LIFETIME);

        assertThat(enrollment.confirm(REALM, ALICE, codeNow(pending), clock.instant())).isFalse();
    }

    @Test
    void anotherNodeSeesTheConfirmedKey() {
        PendingTotp pending = enrollment.begin(REALM, ALICE, "alice@example.nl");
        enrollment.confirm(REALM, ALICE, codeNow(pending), clock.instant());
        clock.advance(Duration.ofSeconds(30));

        TotpEnrollment otherNode = service(new JdbcTotpCredentialRepository(jdbc, tx, masterKey));
        assertThat(otherNode.verify(REALM, ALICE, codeNow(pending), clock.instant()))
                .isInstanceOf(TotpResult.Accepted.class);
    }

    @Test
    void removeEndsTotpSignIn() {
        PendingTotp pending = enrollment.begin(REALM, ALICE, "alice@example.nl");
        enrollment.confirm(REALM, ALICE, codeNow(pending), clock.instant());
        enrollment.begin(REALM, ALICE, "alice@example.nl");

        enrollment.remove(REALM, ALICE);

        clock.advance(Duration.ofSeconds(30));
        assertThat(enrollment.verify(REALM, ALICE, codeNow(pending), clock.instant()))
                .isEqualTo(new TotpResult.NotEnrolled());
        assertThat(repository.findPending(REALM, ALICE)).isEmpty();
    }

    @Test
    void accountsAndRealmsAreSeparate() {
        PendingTotp alice = enrollment.begin(REALM, ALICE, "alice@example.nl");
        enrollment.confirm(REALM, ALICE, codeNow(alice), clock.instant());
        clock.advance(Duration.ofSeconds(30));

        assertThat(enrollment.verify(REALM, BOB, codeNow(alice), clock.instant()))
                .isEqualTo(new TotpResult.NotEnrolled());
        assertThat(enrollment.verify("other", ALICE, codeNow(alice), clock.instant()))
                .isEqualTo(new TotpResult.NotEnrolled());
    }

    @Test
    void secretIsStoredEncryptedAndBoundToItsAccount() {
        PendingTotp pending = enrollment.begin(REALM, ALICE, "alice@example.nl");
        String pendingColumn = jdbc.sql("select secret_encrypted from mfa_totp_pending").query(String.class).single();
        enrollment.confirm(REALM, ALICE, codeNow(pending), clock.instant());
        String column = jdbc.sql("select secret_encrypted from mfa_totp").query(String.class).single();

        byte[] raw = pending.secret().bytes();
        for (String stored : List.of(pendingColumn, column)) {
            assertThat(stored)
                    .doesNotContainIgnoringCase(pending.secret().base32())
                    .doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(raw))
                    .doesNotContainIgnoringCase(HexFormat.of().formatHex(raw));
            assertThat(masterKey.decrypt(Base64.getDecoder().decode(stored), "totp:" + REALM + ":" + ALICE))
                    .isEqualTo(raw);
        }

        // The same ciphertext moved to another account's row does not decrypt.
        jdbc.sql("insert into mfa_totp (account_id, realm, secret_encrypted, algorithm, digits, period, confirmed, "
                        + "created_at) select :bob, realm, secret_encrypted, algorithm, digits, period, confirmed, "
                        + "created_at from mfa_totp where account_id = :alice")
                .param("bob", BOB).param("alice", ALICE).update();
        assertThatThrownBy(() -> repository.findConfirmed(REALM, BOB)).isInstanceOf(DecryptionException.class);
    }

    @Test
    void secretsStayOutOfToString() {
        PendingTotp pending = enrollment.begin(REALM, ALICE, "alice@example.nl");
        enrollment.confirm(REALM, ALICE, codeNow(pending), clock.instant());
        String base32 = pending.secret().base32();

        assertThat(pending.toString()).doesNotContain(base32);
        assertThat(repository.findConfirmed(REALM, ALICE).orElseThrow().toString()).doesNotContain(base32);
        assertThat(TotpSecret.of(pending.secret().bytes()).toString()).doesNotContain(base32);
    }

    @Test
    void rowWithoutConfirmationNeverSignsIn() {
        PendingTotp pending = enrollment.begin(REALM, ALICE, "alice@example.nl");
        enrollment.confirm(REALM, ALICE, codeNow(pending), clock.instant());
        jdbc.sql("update mfa_totp set confirmed = false").update();
        clock.advance(Duration.ofSeconds(30));

        assertThat(enrollment.verify(REALM, ALICE, codeNow(pending), clock.instant()))
                .isEqualTo(new TotpResult.NotEnrolled());
    }
}
