package nl.toegang.account.password;

import nl.toegang.account.Account;
import nl.toegang.realm.RealmDefinition;
import org.springframework.stereotype.Component;

/**
 * The password policy that applies in a realm, and the context words for one person. The blocklist and zxcvbn's
 * dictionaries (about 14 MB of heap) are loaded when a password form is first shown or checked, not at start-up, and
 * the collector may drop them again when the heap runs short: a node that only signs people in never holds them.
 */
@Component
public class PasswordPolicies {
    private final SoftlyCached<PasswordPolicy> passwordOnly =
            new SoftlyCached<>(() -> PasswordPolicy.passwordOnly(new CommonPasswords(), new StrengthEstimator()));

    /** Realms where a password alone signs in need 15 characters; MFA-required realms come with issue 5. */
    public PasswordPolicy forRealm(RealmDefinition realm) {
        return passwordOnly.get();
    }

    /** Whether the dictionaries are in memory now. */
    boolean dictionariesLoaded() {
        return passwordOnly.isHeld();
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
