/**
 * Second factors: TOTP ({@code totp}), passkeys ({@code passkey}) and recovery codes ({@code recovery}), with the
 * second-factor step of a login. Domain services take a realm and an account id and answer with typed outcomes;
 * storage sits behind interfaces with JDBC, Redis and in-memory adapters. Nothing here logs or prints a secret or a
 * code.
 */
@ApplicationModule(displayName = "Second factors", allowedDependencies = {
        "account", "account :: device", "audit", "config", "crypto", "lockout", "mail", "pages", "realm", "session"
})
package nl.toegang.mfa;

import org.springframework.modulith.ApplicationModule;
