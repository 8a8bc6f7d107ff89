/**
 * Metrics from security events (logins, lockouts, resets, DigiD) and the token endpoint, and the registration of
 * the correlation id filter in front of everything.
 */
@ApplicationModule(displayName = "Observability", allowedDependencies = {
        "account :: reset", "audit", "correlation", "federation :: digid", "lockout", "mfa", "realm"
})
package nl.toegang.observability;

import org.springframework.modulith.ApplicationModule;
