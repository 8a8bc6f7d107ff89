package nl.toegang.mfa.passkey;

import nl.toegang.mfa.DatabaseContract;
import nl.toegang.mfa.passkey.jdbc.JdbcPasskeyRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The passkey store's guarantees, run against H2 and PostgreSQL. */
public abstract class PasskeyRepositoryContract extends DatabaseContract {
    private PasskeyRepository repository;
    private final Instant now = Instant.parse("2026-01-02T03:04:05Z");

    @BeforeEach
    void create() {
        jdbc.sql("delete from mfa_passkey").update();
        jdbc.sql("delete from mfa_passkey_user").update();
        repository = new JdbcPasskeyRepository(jdbc, new SecureRandom());
    }

    private Passkey passkey(String realm, String account, String credentialId) {
        return new Passkey(UUID.randomUUID().toString(), realm, account, credentialId, "pQECAyYgASFYIA", 0,
                Set.of("internal", "hybrid"), "00000000000000000000000000000000", "Phone", true, false, now,
                Optional.empty());
    }

    @Test
    void whenAUserHandleIsAskedTwiceThenItIsTheSameRandom64ByteValue() {
        String handle = repository.userHandle("portal", "acc-1");
        assertThat(repository.userHandle("portal", "acc-1")).isEqualTo(handle);
        assertThat(java.util.Base64.getUrlDecoder().decode(handle)).hasSize(64);
        assertThat(repository.userHandle("portal", "acc-2")).isNotEqualTo(handle);
        assertThat(repository.ownerOfUserHandle(handle)).contains(new PasskeyRepository.Owner("portal", "acc-1"));
    }

    @Test
    void whenACredentialIdIsRegisteredTwiceThenTheSecondIsRefusedEvenForAnotherAccountOrRealm() {
        assertThat(repository.add(passkey("portal", "acc-1", "cred-A"))).isTrue();
        assertThat(repository.add(passkey("portal", "acc-2", "cred-A"))).isFalse();
        assertThat(repository.add(passkey("other", "acc-3", "cred-A"))).isFalse();
        assertThat(repository.byCredentialId("cred-A").orElseThrow().accountId()).isEqualTo("acc-1");
    }

    @Test
    void storedFieldsComeBackAndUseUpdatesCounterAndLastUse() {
        Passkey stored = passkey("portal", "acc-1", "cred-B");
        repository.add(stored);
        assertThat(repository.forAccount("portal", "acc-1")).singleElement().isEqualTo(stored);

        Instant used = now.plus(1, ChronoUnit.HOURS);
        repository.recordUse("cred-B", 7, true, used);
        Passkey after = repository.byCredentialId("cred-B").orElseThrow();
        assertThat(after.signatureCount()).isEqualTo(7);
        assertThat(after.backedUp()).isTrue();
        assertThat(after.lastUsedAt()).contains(used);
    }

    @Test
    void renameAndDeleteOnlyTouchTheOwnersPasskey() {
        Passkey mine = passkey("portal", "acc-1", "cred-C");
        repository.add(mine);
        assertThat(repository.rename("portal", "acc-2", mine.id(), "Stolen")).isFalse();
        assertThat(repository.delete("portal", "acc-2", mine.id())).isFalse();
        assertThat(repository.rename("portal", "acc-1", mine.id(), "Laptop")).isTrue();
        assertThat(repository.forAccount("portal", "acc-1").get(0).name()).isEqualTo("Laptop");
        assertThat(repository.count("portal", "acc-1")).isEqualTo(1);
        assertThat(repository.delete("portal", "acc-1", mine.id())).isTrue();
        assertThat(repository.count("portal", "acc-1")).isZero();
    }
}
