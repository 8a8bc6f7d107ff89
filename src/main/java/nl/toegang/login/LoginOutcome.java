package nl.toegang.login;

import nl.toegang.account.Account;
import org.springframework.security.core.GrantedAuthority;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a login method proved, handed to {@link LoginCompletion#complete}. A method verifies its credential and
 * returns one of these; it never touches the session, the audit log or the device notice itself. Failures are not
 * outcomes: each method answers those on its own page (they differ per method: throttling, a cancelled DigiD login).
 */
public sealed interface LoginOutcome
        permits LoginOutcome.PasswordVerified, LoginOutcome.Authenticated, LoginOutcome.Federated {

    /** The realm signed in to. */
    String realm();

    /** Who: the account id, or the federated identity id. */
    String subject();

    LoginMethod method();

    /**
     * A correct password, nothing more yet: the completion's second-factor gate decides whether this signs in or
     * waits for a second step (then {@link Authenticated} with {@link LoginMethod#PASSWORD_AND_SECOND_FACTOR}
     * completes it).
     *
     * @param resume a checked authorization request of the realm (web.ResumeTarget) to continue at when the session
     *               no longer holds the saved request
     */
    record PasswordVerified(String realm, Account account, Optional<String> resume) implements LoginOutcome {
        public PasswordVerified {
            Objects.requireNonNull(realm, "realm");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(resume, "resume");
        }

        @Override
        public String subject() {
            return account.id();
        }

        @Override
        public LoginMethod method() {
            return LoginMethod.PASSWORD;
        }
    }

    /**
     * An email account with every factor this login needs.
     *
     * @param factors the verified factors (FactorGrantedAuthority, with the time each was verified)
     */
    record Authenticated(String realm, String accountId, LoginMethod method, List<GrantedAuthority> factors)
            implements LoginOutcome {
        public Authenticated {
            Objects.requireNonNull(realm, "realm");
            Objects.requireNonNull(accountId, "accountId");
            if (method.federated()) {
                throw new IllegalArgumentException(method + " is federated: use Federated");
            }
            factors = List.copyOf(factors);
        }

        @Override
        public String subject() {
            return accountId;
        }
    }

    /**
     * An identity vouched for by an outside IdP (DigiD today).
     *
     * @param authorities the factor (with its time) and the assurance the IdP asserted, e.g. the DigiD level
     * @param continueUrl the authorization request the round trip to the IdP was started for; it wins over whatever
     *                    the session saved since
     */
    record Federated(String realm, String identityId, LoginMethod method, List<GrantedAuthority> authorities,
                     Optional<String> continueUrl) implements LoginOutcome {
        public Federated {
            Objects.requireNonNull(realm, "realm");
            Objects.requireNonNull(identityId, "identityId");
            if (!method.federated()) {
                throw new IllegalArgumentException(method + " is not federated: use Authenticated");
            }
            authorities = List.copyOf(authorities);
            Objects.requireNonNull(continueUrl, "continueUrl");
        }

        @Override
        public String subject() {
            return identityId;
        }
    }
}
