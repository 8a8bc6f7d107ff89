package nl.toegang.account.verification;

import java.util.Objects;

/**
 * The credentials a person chose on the registration form, kept with their own verification until they prove the
 * address. Completing that verification applies exactly these to the account, so a registration of the same address
 * by someone else (before or after) never decides who can sign in. Holds a password hash: never printed.
 */
public record Registrant(String passwordHash, String name, String locale) {

    public Registrant {
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(locale, "locale");
    }

    @Override
    public String toString() {
        return "Registrant[****]";
    }
}
