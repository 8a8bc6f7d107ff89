package nl.toegang.console;

import nl.toegang.account.Account;
import nl.toegang.saml.DigidLevel;

import java.util.Optional;

/**
 * Who is signed in to the account console: an email account, a resident signed in with DigiD, or a person signed in
 * through an upstream OpenID Provider (both federated identities). A federated identity carries no name, email or
 * password here, and a DigiD identity never its BSN.
 */
public sealed interface ConsoleUser
        permits ConsoleUser.EmailAccount, ConsoleUser.DigidIdentity, ConsoleUser.UpstreamIdentity {

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

    /**
     * A person signed in through an upstream OpenID Provider of the realm file (a federated identity too): name,
     * email and password are the provider's.
     *
     * @param id       the {@code federated_identity} row id
     * @param provider the provider's display name in the page's language
     */
    record UpstreamIdentity(String id, String provider) implements ConsoleUser {
        @Override
        public String subject() {
            return id;
        }
    }
}
