package nl.toegang.saml;

/**
 * A Dutch citizen service number (burgerservicenummer): nine digits, leading zeros significant, passing the
 * 11-proef. {@link #toString()} masks it so that logging a value object never leaks the number.
 */
public record Bsn(String value) {

    public Bsn {
        if (!isValid(value)) {
            // Never echo the value: it may be a real (mistyped) BSN.
            throw new IllegalArgumentException("not a valid BSN (9 digits, 11-proef)");
        }
    }

    /** 9 digits, not all zero, and sum(d[i] * (9 - i)) for i in 0..7 minus d[8] divisible by 11. */
    public static boolean isValid(String candidate) {
        if (candidate == null || candidate.length() != 9) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            char c = candidate.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            int digit = c - '0';
            sum += i < 8 ? digit * (9 - i) : -digit;
        }
        return sum % 11 == 0 && !"000000000".equals(candidate);
    }

    @Override
    public String toString() {
        return "Bsn[*********]";
    }
}
