/**
 * Second factors: TOTP ({@code totp}), passkeys ({@code passkey}) and recovery codes ({@code recovery}), the MFA
 * requirements and the pending second-factor login; the login step itself is {@code login}'s. Domain services take a
 * realm and an account id and answer with typed outcomes; storage sits behind interfaces with JDBC, Redis and
 * in-memory adapters. Nothing here logs or prints a secret or a code.
 */
@ApplicationModule(displayName = "Second factors", allowedDependencies = {
        "account", "config", "crypto", "lockout", "mail", "realm"
})
package nl.toegang.mfa;

import org.springframework.modulith.ApplicationModule;
