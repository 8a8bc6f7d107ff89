package nl.toegang.oidc;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * What a grant provider answered inside a transaction, carried out of it: a refusal must not roll back what Spring
 * saved before refusing (a replayed code revokes the tokens it bought), so it is returned, not thrown, and thrown once
 * the transaction has committed.
 */
record GrantOutcome(Authentication issued, AuthenticationException refused) {

    static GrantOutcome issued(Authentication issued) {
        return new GrantOutcome(issued, null);
    }

    static GrantOutcome refused(AuthenticationException refused) {
        return new GrantOutcome(null, refused);
    }

    Authentication result() {
        if (refused != null) {
            throw refused;
        }
        return issued;
    }
}
