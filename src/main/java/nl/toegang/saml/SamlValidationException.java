package nl.toegang.saml;

/**
 * A SAML message or binding was refused. The message names the failed requirement and is safe to log: callers build
 * it from constants and {@link SafeText#quote} values, never from a NameID or BSN.
 */
public class SamlValidationException extends RuntimeException {
    private final SamlReason reason;

    public SamlValidationException(SamlReason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public SamlValidationException(SamlReason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public SamlReason reason() {
        return reason;
    }
}
