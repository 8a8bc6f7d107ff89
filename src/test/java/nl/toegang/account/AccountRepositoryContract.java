package nl.toegang.account;

import nl.toegang.account.jdbc.JdbcAccountRepository;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What every account store must do; run against H2 and PostgreSQL with the real migrations. */
abstract class AccountRepositoryContract {

    abstract DataSource dataSource();

    private AccountRepository repository() {
        return new JdbcAccountRepository(JdbcClient.create(dataSource()), Clock.systemUTC());
    }

    private static Account account(String realm, String email) {
        return Account.create(UUID.randomUUID().toString(), realm, email, "Alice", "en", true,
                "$argon2id$v=19$m=8192,t=1,p=1$c2FsdA$aGFzaA", Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void insertedAccountIsFoundByEmailCaseInsensitivelyAndById() {
        var repo = repository();
        Account alice = account("r1", "Alice.Case@Example.org");
        assertThat(repo.insertIfAbsent(alice)).isTrue();
        assertThat(repo.findByEmail("r1", "  alice.case@EXAMPLE.org ")).contains(alice);
        assertThat(repo.findById("r1", alice.id())).contains(alice);
    }

    @Test
    void emailIsUniquePerRealmButNotAcrossRealms() {
        var repo = repository();
        assertThat(repo.insertIfAbsent(account("r2", "bob@example.org"))).isTrue();
        assertThat(repo.insertIfAbsent(account("r2", "BOB@example.org"))).isFalse();
        assertThat(repo.insertIfAbsent(account("r3", "bob@example.org"))).isTrue();
    }

    @Test
    void accountsOfOneRealmAreInvisibleInAnother() {
        var repo = repository();
        Account carol = account("r4", "carol@example.org");
        repo.insertIfAbsent(carol);
        assertThat(repo.findByEmail("r5", "carol@example.org")).isEmpty();
        assertThat(repo.findById("r5", carol.id())).isEmpty();
    }

    @Test
    void profileEmailAndSessionCutOffAreStored() {
        var repo = repository();
        Account erin = account("r7", "erin@example.org");
        repo.insertIfAbsent(erin);
        repo.updateProfile("r7", erin.id(), "Erin E.", "+31 6 12345678", "nl");
        Instant cut = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        repo.replacePassword("r7", erin.id(), "$argon2id$other", cut);
        assertThat(repo.replaceEmail("r7", erin.id(), "erin.new@example.org")).isTrue();
        Account stored = repo.findById("r7", erin.id()).orElseThrow();
        assertThat(stored.name()).isEqualTo("Erin E.");
        assertThat(stored.phone()).contains("+31 6 12345678");
        assertThat(stored.locale()).isEqualTo("nl");
        assertThat(stored.email()).isEqualTo("erin.new@example.org");
        assertThat(stored.sessionsNotBefore()).contains(cut);
        assertThat(stored.passwordHash()).contains("$argon2id$other");

        Account frank = account("r7", "frank@example.org");
        repo.insertIfAbsent(frank);
        assertThat(repo.replaceEmail("r7", frank.id(), "ERIN.NEW@example.org")).as("address taken").isFalse();
    }

    @Test
    void passwordHashCanBeReplaced() {
        var repo = repository();
        Account dave = account("r6", "dave@example.org");
        repo.insertIfAbsent(dave);
        repo.updatePasswordHash("r6", dave.id(), "$argon2id$new");
        assertThat(repo.findById("r6", dave.id()).orElseThrow().passwordHash()).contains("$argon2id$new");
    }

    @Test
    void completingARegistrationAppliesTheProvenCredentialsOnceAndNeverToAVerifiedAccount() {
        var repo = repository();
        Account pending = Account.create(UUID.randomUUID().toString(), "r8", "gina@example.org", "Squatter", "nl",
                false, "$argon2id$squatter", Instant.now().truncatedTo(ChronoUnit.MILLIS));
        repo.insertIfAbsent(pending);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(repo.completeRegistration("r8", pending.id(), "$argon2id$owner", "Gina Owner", "en", now))
                .isTrue();
        Account stored = repo.findById("r8", pending.id()).orElseThrow();
        assertThat(stored.emailVerified()).isTrue();
        assertThat(stored.passwordHash()).contains("$argon2id$owner");
        assertThat(stored.name()).isEqualTo("Gina Owner");
        assertThat(stored.locale()).isEqualTo("en");
        assertThat(stored.sessionsNotBefore()).contains(now);

        assertThat(repo.completeRegistration("r8", pending.id(), "$argon2id$late", "Late", "nl", now))
                .as("already verified: a second proof changes nothing").isFalse();
        assertThat(repo.findById("r8", pending.id()).orElseThrow().passwordHash()).contains("$argon2id$owner");
        assertThat(repo.completeRegistration("r9", pending.id(), "$argon2id$late", "Late", "nl", now))
                .as("other realm").isFalse();
    }
}
