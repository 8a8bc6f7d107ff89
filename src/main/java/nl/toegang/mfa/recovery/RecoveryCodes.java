package nl.toegang.mfa.recovery;

import nl.toegang.crypto.KeyedHash;
import nl.toegang.mfa.MfaIds;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An account's set of ten single-use recovery codes (ASVS 6.5.1, 6.5.2).
 *
 * <p>Finding the code: each row stores a salted slow hash, which cannot be searched, so checking a typed code
 * against all ten would cost ten slow hashes per attempt and make a cheap CPU-exhaustion attack. Each row therefore
 * also stores {@link #LOOKUP_CHARS} characters of a keyed hash (HMAC under a master-key-derived key) of the code; a
 * typed code is slow-hashed only against rows whose prefix matches, normally one and for a wrong code almost always
 * none. The prefix is truncated on purpose: a full HMAC would itself be a fast verifier, so anyone holding the database
 * and the master key could search the 2<sup>50</sup> codes at HMAC speed; with 24 bits kept, ~2<sup>26</sup>
 * candidates per code remain, each needing the slow hash. A wrong code that misses every prefix is answered faster
 * than one that hits; that only tells an attacker about a keyed hash they cannot compute.
 *
 * <p>Throttling of failed attempts is the caller's job, as for TOTP.
 */
public final class RecoveryCodes {

    public static final int CODES_PER_SET = 10;
    /** Characters of the base64url keyed hash kept as lookup: 4 × 6 = 24 bits. */
    static final int LOOKUP_CHARS = 4;

    private final RecoveryCodeRepository repository;
    private final RecoveryCodeHasher hasher;
    private final KeyedHash lookupHash;
    private final SecureRandom random;
    private final Clock clock;

    /** {@code lookupHash} should be {@code KeyedHash.derivedFrom(masterKey, "recovery-code-lookup")}. */
    public RecoveryCodes(RecoveryCodeRepository repository, RecoveryCodeHasher hasher, KeyedHash lookupHash,
                         SecureRandom random, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.lookupHash = Objects.requireNonNull(lookupHash, "lookupHash");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A new set of codes in display form ({@code xxxxx-xxxxx}), to be shown once; the previous set, used or not,
     * stops working.
     */
    public List<String> generate(String realm, String accountId) {
        MfaIds.requireRealm(realm);
        MfaIds.requireAccountId(accountId);
        Set<String> codes = new LinkedHashSet<>();
        while (codes.size() < CODES_PER_SET) {
            codes.add(RecoveryCodeFormat.newCode(random)); // a duplicate (chance ~2^-44) is simply drawn again
        }
        Instant now = clock.instant();
        List<StoredRecoveryCode> stored = new ArrayList<>(CODES_PER_SET);
        for (String code : codes) {
            String normalised = RecoveryCodeFormat.normalise(code);
            stored.add(new StoredRecoveryCode(UUID.randomUUID().toString(), realm, accountId, lookup(normalised),
                    hasher.hash(normalised), now, null));
        }
        repository.replaceAll(realm, accountId, stored);
        return List.copyOf(codes);
    }

    /** Uses up {@code code}: true exactly once per code, also when several requests race with the same code. */
    public boolean use(String realm, String accountId, String code, Instant now) {
        MfaIds.requireRealm(realm);
        MfaIds.requireAccountId(accountId);
        Objects.requireNonNull(now, "now");
        String normalised = RecoveryCodeFormat.normalise(code);
        if (normalised == null) {
            return false;
        }
        for (StoredRecoveryCode candidate : repository.findUnused(realm, accountId, lookup(normalised))) {
            if (hasher.matches(normalised, candidate.codeHash())) {
                // The conditional update decides the race: only one request sees the row still unused.
                return repository.markUsed(candidate.id(), now);
            }
        }
        return false;
    }

    public int remaining(String realm, String accountId) {
        return repository.countUnused(MfaIds.requireRealm(realm), MfaIds.requireAccountId(accountId));
    }

    public void removeAll(String realm, String accountId) {
        repository.deleteAll(MfaIds.requireRealm(realm), MfaIds.requireAccountId(accountId));
    }

    private String lookup(String normalisedCode) {
        return lookupHash.hash(normalisedCode).substring(0, LOOKUP_CHARS);
    }
}
