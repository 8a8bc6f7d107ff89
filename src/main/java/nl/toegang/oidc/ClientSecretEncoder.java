package nl.toegang.oidc;

import nl.toegang.crypto.KeyedHash;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Client secrets are stored as a keyed HMAC-SHA-256, not a slow password hash: they are long random values, so a
 * slow hash adds no protection but would cost every token request a bcrypt/argon2 verification.
 */
public class ClientSecretEncoder implements PasswordEncoder {
    private final KeyedHash hash;

    public ClientSecretEncoder(KeyedHash hash) {
        this.hash = hash;
    }

    @Override
    public String encode(CharSequence rawSecret) {
        return hash.hash(rawSecret.toString());
    }

    @Override
    public boolean matches(CharSequence rawSecret, String encodedSecret) {
        return rawSecret != null && encodedSecret != null && hash.matches(rawSecret.toString(), encodedSecret);
    }
}
