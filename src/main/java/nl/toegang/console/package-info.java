/**
 * The account console a person uses after signing in: its own OIDC sign-in as the {@code account-console} client,
 * and its pages (profile, password, sessions, second factors, connected apps, recent activity,
 * linking an upstream identity with {@code linking: console}).
 */
@ApplicationModule(displayName = "Account console", allowedDependencies = {
        "account", "account :: password", "account :: verification", "audit", "config", "federation :: digid",
        "federation :: upstream", "lockout", "mfa", "mfa :: passkey", "mfa :: recovery", "mfa :: totp", "oidc", "oidc :: keys", "pages", "realm",
        "saml", "session"
})
package nl.toegang.console;

import org.springframework.modulith.ApplicationModule;
