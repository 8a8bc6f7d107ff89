package nl.toegang.admin;

import nl.toegang.account.StaffRoles;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The one role table for staff: which staff roles may do what, used by the admin API ({@link StaffEndpoint},
 * {@link StaffActionInterceptor}) and the support pages alike, so both allow the same things to the same roles.
 * Two rules on top of the table: an action that changes something needs a {@link StaffReason}, and accounts of the
 * staff realm ({@value StaffRoles#REALM}) are for the admin role only (support never sees its own colleagues).
 */
public enum StaffAction {
    SEARCH_ACCOUNTS(false, StaffRoles.SUPPORT, StaffRoles.ADMIN),
    VIEW_ACCOUNT(false, StaffRoles.SUPPORT, StaffRoles.ADMIN),
    VIEW_LOCKOUT(false, StaffRoles.SUPPORT, StaffRoles.ADMIN),
    VIEW_AUDIT(false, StaffRoles.SUPPORT, StaffRoles.ADMIN),
    VIEW_MAINTENANCE(false, StaffRoles.SUPPORT, StaffRoles.ADMIN),
    VIEW_STAFF_ROLES(false, StaffRoles.SUPPORT, StaffRoles.ADMIN),
    UNLOCK(true, StaffRoles.SUPPORT, StaffRoles.ADMIN),
    SEND_PASSWORD_RESET(true, StaffRoles.SUPPORT, StaffRoles.ADMIN),
    END_SESSIONS(true, StaffRoles.SUPPORT, StaffRoles.ADMIN),
    REVOKE_TOKENS(true, StaffRoles.SUPPORT, StaffRoles.ADMIN),
    RESET_MFA(true, StaffRoles.ADMIN),
    DISABLE_ACCOUNT(true, StaffRoles.ADMIN),
    ENABLE_ACCOUNT(true, StaffRoles.ADMIN),
    CHANGE_STAFF_ROLES(true, StaffRoles.ADMIN),
    ROTATE_KEYS(true, StaffRoles.ADMIN),
    START_MAINTENANCE(true, StaffRoles.ADMIN),
    END_MAINTENANCE(true, StaffRoles.ADMIN);

    /** The actions the support pages offer on an account, in the order of their buttons. */
    public static final Set<StaffAction> PAGE_ACTIONS = EnumSet.of(UNLOCK, SEND_PASSWORD_RESET, END_SESSIONS, RESET_MFA);

    private final boolean changesState;
    private final Set<String> roles;

    StaffAction(boolean changesState, String... roles) {
        this.changesState = changesState;
        this.roles = Set.of(roles);
    }

    /** True when the action changes something: it then needs a reason, which is audited with it. */
    public boolean needsReason() {
        return changesState;
    }

    /** The staff roles that may do this action in a realm other than the staff realm. */
    public Set<String> roles() {
        return roles;
    }

    /** May a caller holding {@code held} do this action in {@code realm} (null: not about one realm)? */
    public boolean allows(Set<String> held, String realm) {
        if (StaffRoles.REALM.equals(realm)) {
            return roles.contains(StaffRoles.ADMIN) && held.contains(StaffRoles.ADMIN);
        }
        return held.stream().anyMatch(roles::contains);
    }

    /** The last path segment of this action in the API and on the pages, e.g. {@code send-password-reset}. */
    public String path() {
        return name().toLowerCase().replace('_', '-');
    }

    /** The page action named by a path segment ({@code unlock}, {@code reset-mfa}, ...), if it is one. */
    public static Optional<StaffAction> pageAction(String path) {
        return Arrays.stream(values()).filter(PAGE_ACTIONS::contains).filter(a -> a.path().equals(path)).findFirst();
    }
}
