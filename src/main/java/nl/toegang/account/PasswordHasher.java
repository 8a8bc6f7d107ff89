package nl.toegang.account;

import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;

/**
 * Argon2id password hashing. Passwords are NFC-normalised first so that the same password typed on different
 * keyboards matches; hashes are PHC strings that carry their own parameters.
 */
@Component
public class PasswordHasher {
    private final Argon2id argon2;
    private final int maxPasswordBytes;
    /**
     * A hash with the current parameters that no password matches: verified instead when the account does not exist,
     * so the hash work does not reveal that.
     */
    private final String absentHash;
    /** The parameter segment every current hash carries, e.g. {@code m=19456,t=2,p=1}. */
    private final String currentParameters;

    public PasswordHasher(PasswordHashProperties properties, SecureRandom random) {
        this.argon2 = new Argon2id(properties.memoryKib(), properties.iterations(), properties.parallelism(),
                concurrency(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(),
                        properties.memoryKib()), random);
        this.maxPasswordBytes = properties.maxPasswordBytes();
        this.currentParameters = argon2.currentParameters();
        this.absentHash = argon2.unmatchableHash();
    }

    public String hash(String password) {
        return argon2.hash(normalize(password));
    }

    /**
     * True when the password matches. Refuses (without hashing) passwords longer than the configured cap. A
     * {@link LegacyPasswordHash} (carried over from Keycloak) is verified in its own format, with the password as
     * typed because Keycloak did not normalise it; {@link #needsRehash} then says it must be replaced.
     */
    public boolean matches(String password, String hash) {
        if (!acceptableLength(password)) {
            return false;
        }
        if (LegacyPasswordHash.isLegacy(hash)) {
            return LegacyPasswordHash.parse(hash).map(legacy -> matchesLegacy(password, legacy)).orElse(false);
        }
        return argon2.matches(normalize(password), hash);
    }

    private boolean matchesLegacy(String password, LegacyPasswordHash legacy) {
        if (legacy instanceof LegacyPasswordHash.Pbkdf2 pbkdf2) {
            return pbkdf2.matches(password);
        }
        // Through the same worker pool as current hashes, so legacy logins cannot exceed the memory budget.
        return argon2.matches(password, ((LegacyPasswordHash.Argon2) legacy).phc());
    }

    /** Spends the same effort as a real verification, for unknown accounts. Always false. */
    public boolean matchesNothing(String password) {
        if (acceptableLength(password)) {
            argon2.matches(normalize(password), absentHash);
        }
        return false;
    }

    /**
     * The hash to verify against when there is no account (or no usable password): no password matches it in
     * practice, and verifying it costs what verifying a current account hash costs.
     */
    public String absentHash() {
        return absentHash;
    }

    /**
     * True when the hash was made with other parameters (stronger or weaker) than the current ones, or in another
     * format (a {@link LegacyPasswordHash} among them).
     */
    public boolean needsRehash(String hash) {
        String[] parts = hash.split("\\$");
        // PHC: $argon2id$v=19$m=..,t=..,p=..$salt$hash
        return parts.length != 6 || !"argon2id".equals(parts[1]) || !currentParameters.equals(parts[3]);
    }

    public boolean acceptableLength(String password) {
        return password != null && password.getBytes(StandardCharsets.UTF_8).length <= maxPasswordBytes;
    }

    /**
     * How many hashes may run at once. Argon2id is CPU-bound, so more than one per core adds memory, not throughput;
     * and each running hash holds its memory cost on the heap, so together they may take at most a third of it (a
     * small container heap on a many-core host would otherwise run out of memory in a login burst).
     */
    static int concurrency(int cores, long maxHeapBytes, int memoryKib) {
        long byHeap = maxHeapBytes / 3 / (memoryKib * 1024L);
        return (int) Math.max(1, Math.min(cores, byHeap));
    }

    private static String normalize(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFC);
    }
}
