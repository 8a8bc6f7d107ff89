package nl.toegang.migration;

import nl.toegang.account.LegacyPasswordHash;
import nl.toegang.mfa.totp.TotpParameters;
import nl.toegang.mfa.totp.TotpSecret;

/** One credential of a Keycloak user, as far as Toegang can use it. Secret parts mask themselves. */
sealed interface KeycloakCredential {

    /** A password hash in one of the formats Toegang verifies at the next sign-in. */
    record Password(LegacyPasswordHash hash) implements KeycloakCredential {
        String algorithm() {
            return hash.encoded().split("\\$")[2];
        }
    }

    /** A TOTP authenticator app. */
    record Otp(TotpSecret secret, TotpParameters parameters) implements KeycloakCredential {
    }

    /**
     * A credential that is not carried over.
     *
     * @param type   Keycloak's credential type, e.g. {@code webauthn}
     * @param reason why, in words for the operator (never a secret value)
     */
    record NotMapped(String type, String reason) implements KeycloakCredential {
    }
}
