package nl.toegang.config;

import nl.toegang.crypto.KeyedHash;
import nl.toegang.crypto.MasterKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.security.SecureRandom;
import java.time.Clock;

/** Time, randomness and the master key: the few things every capability shares. */
@Configuration(proxyBeanMethods = false)
public class CoreBeans {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SecureRandom secureRandom() {
        return new SecureRandom();
    }

    /**
     * The master key encrypts private keys and secrets at rest. Production must pass it in; the embedded default
     * generates one in the data directory so that a restart keeps the same keys.
     */
    @Bean
    MasterKey masterKey(ToegangProperties properties) {
        if (properties.masterKey() != null && !properties.masterKey().isBlank()) {
            return MasterKey.fromBase64(properties.masterKey().trim());
        }
        if (properties.production()) {
            throw new IllegalStateException(
                    "toegang.master-key is required in production (base64 of 32 random bytes, e.g. openssl rand -base64 32)");
        }
        return MasterKey.loadOrCreate(properties.dataDir().resolve("master.key"));
    }

    /** Keyed hash for client secrets: they are high-entropy, so a fast keyed hash is as safe as a slow password hash. */
    @Bean
    KeyedHash clientSecretHash(MasterKey masterKey) {
        return new KeyedHash(masterKey.derive("client-secret"));
    }
}
