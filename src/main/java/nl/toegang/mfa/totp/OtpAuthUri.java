package nl.toegang.mfa.totp;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The {@code otpauth://totp/...} key URI that authenticator apps scan (Google Authenticator "Key Uri Format"):
 * {@code otpauth://totp/{issuer}:{label}?secret=...&issuer=...&algorithm=...&digits=...&period=...}.
 * Label and issuer are percent-encoded as RFC 3986 unreserved characters only (space becomes %20, never '+').
 * The label is whatever the caller chooses: an email shows well in the app, but a caller that must not put personal
 * data on the user's phone can pass a neutral label instead.
 */
public final class OtpAuthUri {

    private OtpAuthUri() {
    }

    public static String of(String issuer, String label, TotpSecret secret, TotpParameters parameters) {
        requireText(issuer, "issuer");
        requireText(label, "label");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(parameters, "parameters");
        return "otpauth://totp/" + encode(issuer) + ":" + encode(label)
                + "?secret=" + secret.base32()
                + "&issuer=" + encode(issuer)
                + "&algorithm=" + parameters.algorithm().otpauthName()
                + "&digits=" + parameters.digits()
                + "&period=" + parameters.periodSeconds();
    }

    // The key URI format forbids a colon in issuer and label: apps split "issuer:label" on the first one.
    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        if (value.indexOf(':') >= 0) {
            throw new IllegalArgumentException(name + " must not contain ':'");
        }
    }

    /** RFC 3986 percent-encoding of UTF-8: everything except ALPHA / DIGIT / "-" / "." / "_" / "~". */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
