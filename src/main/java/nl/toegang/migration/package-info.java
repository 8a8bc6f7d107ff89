/**
 * Moving from Keycloak: {@code java -jar toegang.jar import-keycloak EXPORT.json --realm NAME} reads the JSON that
 * Keycloak's {@code kc.sh export} writes and produces a realm file (clients) and the accounts in the configured
 * database, with their password hashes kept in Keycloak's format until the next sign-in
 * ({@code account.LegacyPasswordHash}) and their authenticator apps as TOTP factors. Everything it cannot map is
 * reported; no secret is ever printed. See docs/migrating-from-keycloak.md.
 */
@ApplicationModule(displayName = "Migration from Keycloak", allowedDependencies = {
        "account", "config", "crypto", "mfa :: totp", "realm"
})
package nl.toegang.migration;

import org.springframework.modulith.ApplicationModule;
