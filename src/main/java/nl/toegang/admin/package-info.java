/**
 * The admin API ({@code /admin/**}) for staff: Bearer tokens of realm {@code admin}, roles checked per endpoint,
 * and support actions on users, lockouts, maintenance, keys and the audit log, each recorded with a staff reason.
 */
@ApplicationModule(displayName = "Admin API", allowedDependencies = {
        "account", "account :: reset", "audit", "config", "console", "federation :: digid", "lockout", "maintenance", "mfa", "oidc",
        "oidc :: keys", "pages", "realm", "session"
})
package nl.toegang.admin;

import org.springframework.modulith.ApplicationModule;
