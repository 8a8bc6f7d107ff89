package nl.toegang.mfa.totp;

/** The HMAC functions RFC 6238 allows; {@link #otpauthName()} is the value of the otpauth {@code algorithm} parameter. */
public enum HmacAlgorithm {
    SHA1("HmacSHA1", "SHA1"),
    SHA256("HmacSHA256", "SHA256"),
    SHA512("HmacSHA512", "SHA512");

    private final String jcaName;
    private final String otpauthName;

    HmacAlgorithm(String jcaName, String otpauthName) {
        this.jcaName = jcaName;
        this.otpauthName = otpauthName;
    }

    public String jcaName() {
        return jcaName;
    }

    public String otpauthName() {
        return otpauthName;
    }
}
