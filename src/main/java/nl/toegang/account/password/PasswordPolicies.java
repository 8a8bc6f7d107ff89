package nl.toegang.account.password;

import nl.toegang.account.Account;
import nl.toegang.realm.RealmDefinition;
import org.springframework.stereotype.Component;

/**
 * The password policy that applies in a realm, and the context words for one person. Loads the blocklist and warms
 * the strength estimator once per server.
 */
@Component
public class PasswordPolicies {
    private final PasswordPolicy passwordOnly;

    public PasswordPolicies() {
        var common = new CommonPasswords();
        var estimator = new StrengthEstimator();
        this.passwordOnly = PasswordPolicy.passwordOnly(common, estimator);
    }

    /** Realms where a password alone signs in need 15 characters; MFA-required realms come with issue 5. */
    public PasswordPolicy forRealm(RealmDefinition realm) {
        return passwordOnly;
    }

    public PasswordVerdict check(RealmDefinition realm, String password, String email, String name) {
        var context = PasswordContext.builder().realm(realm.name(), realm.displayName());
        if (email != null && !email.isBlank()) {
            context.email(email);
        }
        if (name != null && !name.isBlank()) {
            context.name(name);
        }
        return forRealm(realm).check(password, context.build());
    }

    public PasswordVerdict check(RealmDefinition realm, String password, Account account) {
        return check(realm, password, account.email(), account.name());
    }
}
