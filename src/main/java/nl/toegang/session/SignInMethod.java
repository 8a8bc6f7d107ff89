package nl.toegang.session;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a session was signed in, as one word kept with the session and shown in words on the account page
 * ({@code sessions.method.<word>}): told from the factor authorities of the sign-in.
 */
public final class SignInMethod {
    // The factor names of mfa.Factors; written out here because sessions do not depend on mfa.
    private static final String TOTP = "FACTOR_TOTP";
    private static final String RECOVERY_CODE = "FACTOR_RECOVERY_CODE";

    private SignInMethod() {
    }

    public static String of(Collection<? extends GrantedAuthority> authorities) {
        Set<String> names = authorities.stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet());
        if (names.contains(FactorGrantedAuthority.SAML_RESPONSE_AUTHORITY)) {
            return "digid";
        }
        if (names.contains(FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY)) {
            return "upstream"; // an upstream OpenID Provider's authorization code (federation.upstream)
        }
        if (names.contains(FactorGrantedAuthority.WEBAUTHN_AUTHORITY)) {
            return names.contains(FactorGrantedAuthority.PASSWORD_AUTHORITY) ? "passwordPasskey" : "passkey";
        }
        if (names.contains(FactorGrantedAuthority.PASSWORD_AUTHORITY)) {
            if (names.contains(TOTP)) {
                return "passwordApp";
            }
            return names.contains(RECOVERY_CODE) ? "passwordRecovery" : "password";
        }
        return "other";
    }
}
