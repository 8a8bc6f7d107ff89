package nl.toegang.lockout;

import java.util.regex.Pattern;

/** Checks identifiers that end up in storage keys. */
final class Identifiers {

    /*
     * Hex and base64/base64url digests, realm ids and device ids fit. Braces and colons are excluded because they
     * would break Redis hash tags and key structure; '@' is excluded so a raw email can never be stored by mistake.
     */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._~+/=-]{1,200}");

    /** What {@link IpBucket#of} produces. */
    private static final Pattern IP_BUCKET = Pattern.compile("[0-9A-Fa-f:./]{2,50}");

    private Identifiers() {
    }

    static String requireSafe(String name, String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must match " + SAFE.pattern()
                    + " (pass a hash of the account identifier, never a raw email)");
        }
        return value;
    }

    static String requireIpBucket(String ipBucket) {
        if (ipBucket == null || !IP_BUCKET.matcher(ipBucket).matches()) {
            throw new IllegalArgumentException("ipBucket must come from IpBucket.of: " + ipBucket);
        }
        return ipBucket;
    }
}
