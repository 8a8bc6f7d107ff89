package nl.toegang.account;

import java.util.regex.Pattern;

/** A deliberately simple syntax check: the verification email is the real test of an address. */
public final class EmailAddresses {
    private static final Pattern SHAPE = Pattern.compile("^[^\\s@<>()\\[\\],;:\"]{1,64}@[^\\s@<>()\\[\\],;:\"]+\\.[^\\s@<>()\\[\\],;:\".]{2,}$");

    private EmailAddresses() {
    }

    public static boolean isValid(String email) {
        return email != null && email.length() <= 254 && SHAPE.matcher(email).matches();
    }
}
