package nl.toegang.admin.web;

import nl.toegang.account.StaffRoles;
import nl.toegang.mfa.Factors;
import nl.toegang.session.RealmSignIn;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.Set;

/**
 * Who may use the support pages: a person signed in to realm {@code admin} with a second factor in this session
 * (the realm requires one; checked again here so a policy slip cannot open the pages on a password alone) and a
 * staff role in the database.
 */
@Component
public class StaffAccess {
    private static final Set<String> SECOND_FACTORS = Set.of(Factors.TOTP, Factors.RECOVERY_CODE, Factors.PASSKEY);

    private final StaffRoles roles;

    public StaffAccess(StaffRoles roles) {
        this.roles = roles;
    }

    /** A staff member as the pages see them; what the roles allow is {@code admin.StaffAction}'s table. */
    public record Staff(String accountId, Set<String> roles) {
        /** The audit trail's {@code actor}. */
        public String actor() {
            return "staff:" + accountId;
        }
    }

    public Optional<Staff> staff(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        boolean staffRealm = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch((RealmSignIn.REALM_AUTHORITY_PREFIX + StaffRoles.REALM)::equals);
        boolean secondFactor = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(SECOND_FACTORS::contains);
        if (!staffRealm || !secondFactor) {
            return Optional.empty();
        }
        Set<String> granted = roles.of(authentication.getName());
        if (!granted.contains(StaffRoles.SUPPORT) && !granted.contains(StaffRoles.ADMIN)) {
            return Optional.empty();
        }
        return Optional.of(new Staff(authentication.getName(), granted));
    }
}
