package nl.toegang.lockout;

/**
 * The authenticator a guess was made against. Each one has its own counters, so a burst of wrong TOTP codes does not
 * lock the password and vice versa (NIST 800-63B-4 §3.2.2 counts failures per authenticator).
 */
public enum Authenticator {
    PASSWORD,
    TOTP,
    RECOVERY_CODE
}
