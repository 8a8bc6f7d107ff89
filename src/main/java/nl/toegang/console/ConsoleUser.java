package nl.toegang.console;

import nl.toegang.account.Account;
import nl.toegang.saml.DigidLevel;

import java.util.Optional;

/**
 * Who is signed in to the account console: an email account, or a resident signed in with DigiD (a federated
 * identity). A DigiD identity carries no name, email or password here, and never its BSN.
 */
public sealed interface ConsoleUser permits ConsoleUser.EmailAccount, ConsoleUser.DigidIdentity {

    /** The principal name: the account id or the federated identity id (sessions, apps and audit are keyed by it). */
    String subject();

    record EmailAccount(Account account) implements ConsoleUser {
        @Override
        public String subject() {
            return account.id();
        }
    }

    /**
     * @param id    the {@code federated_identity} row id
     * @param level the DigiD level of this sign-in, when the session recorded it
     */
    record DigidIdentity(String id, Optional<DigidLevel> level) implements ConsoleUser {
        @Override
        public String subject() {
            return id;
        }
    }
}
