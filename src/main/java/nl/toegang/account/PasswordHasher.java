package nl.toegang.account;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.concurrent.Semaphore;

/**
 * Argon2id password hashing. Passwords are NFC-normalised first so that the same password typed on different
 * keyboards matches; hashes are PHC strings that carry their own parameters.
 */
@Component
public class PasswordHasher {
    private final Argon2PasswordEncoder encoder;
    /**
     * Argon2id is memory-hard (19 MiB per hash by default) and CPU-bound: more hashes at once than cores only add
     * memory pressure, not throughput. Bounding them keeps the heap small and a login burst from exhausting it.
     */
    private final Semaphore hashing = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()), true);
    private final int maxPasswordBytes;
    /** A hash of a random value, verified when the account does not exist so timing does not reveal that. */
    private final String dummyHash;
    /** The parameter segment every current hash carries, e.g. {@code m=19456,t=2,p=1}. */
    private final String currentParameters;

    public PasswordHasher(PasswordHashProperties properties) {
        this.encoder = new Argon2PasswordEncoder(16, 32, properties.parallelism(), properties.memoryKib(),
                properties.iterations());
        this.maxPasswordBytes = properties.maxPasswordBytes();
        this.currentParameters = "m=" + properties.memoryKib() + ",t=" + properties.iterations() + ",p="
                + properties.parallelism();
        this.dummyHash = encoder.encode("dummy-" + System.nanoTime());
    }

    public String hash(String password) {
        return bounded(() -> encoder.encode(normalize(password)));
    }

    /** True when the password matches. Refuses (without hashing) passwords longer than the configured cap. */
    public boolean matches(String password, String hash) {
        if (!acceptableLength(password)) {
            return false;
        }
        return bounded(() -> encoder.matches(normalize(password), hash));
    }

    /** Spends the same effort as a real verification, for unknown accounts. Always false. */
    public boolean matchesNothing(String password) {
        if (acceptableLength(password)) {
            bounded(() -> encoder.matches(normalize(password), dummyHash));
        }
        return false;
    }

    /** True when the hash was made with other parameters (stronger or weaker) than the current ones. */
    public boolean needsRehash(String hash) {
        String[] parts = hash.split("\\$");
        // PHC: $argon2id$v=19$m=..,t=..,p=..$salt$hash
        return parts.length != 6 || !"argon2id".equals(parts[1]) || !currentParameters.equals(parts[3]);
    }

    public boolean acceptableLength(String password) {
        return password != null && password.getBytes(StandardCharsets.UTF_8).length <= maxPasswordBytes;
    }

    private <T> T bounded(java.util.function.Supplier<T> work) {
        try {
            hashing.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to hash a password", e);
        }
        try {
            return work.get();
        } finally {
            hashing.release();
        }
    }

    private static String normalize(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFC);
    }
}
