package nl.toegang.federation.upstream;

/**
 * An answer from (or in the name of) an upstream provider that Toegang does not accept: a discovery document, token
 * answer, ID token or userinfo answer failing one of the checks. The message names the check, for the log; it never
 * holds a token, code or secret, and the person only sees that the sign-in could not be completed.
 */
class UpstreamRefused extends Exception {
    UpstreamRefused(String check) {
        super(check);
    }

    UpstreamRefused(String check, Throwable cause) {
        super(check, cause);
    }
}
