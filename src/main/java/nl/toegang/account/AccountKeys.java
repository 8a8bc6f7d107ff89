package nl.toegang.account;

import nl.toegang.account.AccountRepository;
import nl.toegang.crypto.KeyedHash;

import java.util.Objects;

/**
 * The opaque account key the throttle counts on: a keyed hash of realm and normalised email. It is computed the same
 * way whether or not an account exists, so unknown addresses are counted exactly like known ones and nothing about
 * existence can be read from the counters. The key (purpose {@code lockout-account}) keeps Redis contents from being
 * matched against a list of email addresses.
 */
public final class AccountKeys {
    private final KeyedHash hash;

    public AccountKeys(KeyedHash hash) {
        this.hash = Objects.requireNonNull(hash, "hash");
    }

    public String of(String realm, String email) {
        // A newline cannot occur in a realm name, so realm and email cannot be shifted into each other.
        return hash.hash(realm + "\n" + AccountRepository.normalizeEmail(email));
    }
}
