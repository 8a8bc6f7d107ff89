package nl.toegang.realm;

/**
 * A secret value from configuration (client secret, seeded password). Masks itself in {@code toString()} so it
 * never reaches a log line by accident; call {@link #reveal()} where the plain value is really needed.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        if (value == null) {
            throw new IllegalArgumentException("secret must not be null");
        }
        this.value = value;
    }

    public String reveal() {
        return value;
    }

    public int length() {
        return value.length();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && java.security.MessageDigest.isEqual(
                value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                other.value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0; // deliberately constant: never derive anything observable from the secret
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
