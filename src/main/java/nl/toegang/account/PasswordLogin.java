package nl.toegang.account;

import org.springframework.stereotype.Service;

/**
 * Checks an email and password. Unknown accounts, disabled accounts and wrong passwords cost the same hashing effort
 * and give the same answer, so neither the result nor its timing reveals whether an address has an account.
 */
@Service
public class PasswordLogin {
    private final AccountRepository accounts;
    private final PasswordHasher hasher;

    public PasswordLogin(AccountRepository accounts, PasswordHasher hasher) {
        this.accounts = accounts;
        this.hasher = hasher;
    }

    public Outcome authenticate(String realm, String email, String password) {
        if (email == null || email.isBlank() || password == null || password.isEmpty()) {
            hasher.matchesNothing(password == null ? "" : password);
            return new Outcome.Rejected();
        }
        var found = accounts.findByEmail(realm, email);
        if (found.isEmpty() || !found.get().enabled() || found.get().passwordHash().isEmpty()) {
            hasher.matchesNothing(password);
            return new Outcome.Rejected();
        }
        Account account = found.get();
        String hash = account.passwordHash().get();
        if (!hasher.matches(password, hash)) {
            return new Outcome.Rejected();
        }
        if (hasher.needsRehash(hash)) {
            accounts.updatePasswordHash(realm, account.id(), hasher.hash(password));
        }
        // Only someone who knows the password learns that the address still needs verification.
        if (!account.emailVerified()) {
            return new Outcome.EmailNotVerified(account);
        }
        return new Outcome.Authenticated(account);
    }

    /** What a password check concluded. */
    public sealed interface Outcome {
        record Authenticated(Account account) implements Outcome {
        }

        record EmailNotVerified(Account account) implements Outcome {
        }

        /** Wrong email or wrong password: deliberately one answer. */
        record Rejected() implements Outcome {
        }
    }
}
