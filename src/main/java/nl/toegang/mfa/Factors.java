package nl.toegang.mfa;

import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * Names of the factor authorities a realm session can carry (Spring Security 7 {@link FactorGrantedAuthority}).
 * A session holds exactly the factors that were verified; acr and amr are derived from them and nothing else.
 */
public final class Factors {
    public static final String PASSWORD = FactorGrantedAuthority.PASSWORD_AUTHORITY;
    public static final String TOTP = "FACTOR_TOTP";
    public static final String RECOVERY_CODE = "FACTOR_RECOVERY_CODE";
    public static final String PASSKEY = FactorGrantedAuthority.WEBAUTHN_AUTHORITY;
    /** Added beside {@link #PASSKEY} when the authenticator verified the user (PIN or biometric). */
    public static final String USER_VERIFIED = "FACTOR_USER_VERIFIED";

    private Factors() {
    }
}
