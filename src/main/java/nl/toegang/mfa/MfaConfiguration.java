package nl.toegang.mfa;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import nl.toegang.config.PublicUrl;
import nl.toegang.crypto.KeyedHash;
import nl.toegang.crypto.MasterKey;
import nl.toegang.lockout.LockoutProperties;
import nl.toegang.mfa.passkey.PasskeyRepository;
import nl.toegang.mfa.passkey.Passkeys;
import nl.toegang.mfa.passkey.jdbc.JdbcPasskeyRepository;
import nl.toegang.mfa.recovery.RecoveryCodeHasher;
import nl.toegang.mfa.recovery.RecoveryCodes;
import nl.toegang.mfa.recovery.jdbc.JdbcRecoveryCodeRepository;
import nl.toegang.mfa.totp.QrCodeRenderer;
import nl.toegang.mfa.totp.TotpCredentialRepository;
import nl.toegang.mfa.totp.TotpEnrollment;
import nl.toegang.mfa.totp.TotpParameters;
import nl.toegang.mfa.totp.TotpReplayGuard;
import nl.toegang.mfa.totp.TotpSecretGenerator;
import nl.toegang.mfa.totp.jdbc.JdbcTotpCredentialRepository;
import nl.toegang.mfa.totp.memory.InMemoryTotpReplayGuard;
import nl.toegang.mfa.totp.redis.RedisTotpReplayGuard;
import nl.toegang.realm.RealmRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Wires the TOTP and recovery-code domain to storage. The replay guard follows {@code toegang.lockout.store}: with
 * Redis every node sees every used code; in memory only one node does, which is right for a single node only.
 */
@Configuration(proxyBeanMethods = false)
public class MfaConfiguration {

    @Bean
    TotpCredentialRepository totpCredentialRepository(JdbcClient jdbc, TransactionTemplate tx, MasterKey masterKey) {
        return new JdbcTotpCredentialRepository(jdbc, tx, masterKey);
    }

    @Bean
    TotpReplayGuard totpReplayGuard(LockoutProperties properties, Clock clock,
                                    ObjectProvider<RedisClusterCommands<String, String>> redis) {
        if (properties.store() == LockoutProperties.Store.REDIS) {
            return new RedisTotpReplayGuard(redis.getObject(), properties.keyPrefix() + "totp:", clock);
        }
        return new InMemoryTotpReplayGuard(clock);
    }

    @Bean
    TotpEnrollment totpEnrollment(TotpCredentialRepository repository, TotpReplayGuard replayGuard,
                                  SecureRandom random, RealmRegistry realms, Clock clock) {
        // The app shows the realm's display name; ':' would split the key URI label, so it is replaced.
        return new TotpEnrollment(repository, replayGuard, new TotpSecretGenerator(random), new QrCodeRenderer(),
                realm -> realms.require(realm).displayName().replace(':', ' '), TotpParameters.DEFAULT,
                TotpEnrollment.DEFAULT_PENDING_LIFETIME, clock);
    }

    @Bean
    PasskeyRepository passkeyRepository(JdbcClient jdbc, SecureRandom random) {
        return new JdbcPasskeyRepository(jdbc, random);
    }

    @Bean
    Passkeys passkeys(PasskeyRepository repository, PublicUrl publicUrl, Clock clock) {
        return new Passkeys(repository, publicUrl, clock);
    }

    @Bean
    RecoveryCodes recoveryCodes(JdbcClient jdbc, TransactionTemplate tx, MasterKey masterKey, SecureRandom random,
                                Clock clock) {
        return new RecoveryCodes(new JdbcRecoveryCodeRepository(jdbc, tx),
                new RecoveryCodeHasher(random, RecoveryCodeHasher.DEFAULT_ITERATIONS),
                KeyedHash.derivedFrom(masterKey, "recovery-code-lookup"), random, clock);
    }
}
