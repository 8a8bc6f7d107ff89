package nl.toegang.account;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * A password hash carried over from another server (Keycloak), kept exactly as that server stored it until the
 * person's next successful sign-in replaces it with Toegang's Argon2id ({@link PasswordHasher#needsRehash}).
 *
 * <p>Stored in {@code account.password_hash} under the tag {@value #TAG}, so that it can never be mistaken for a
 * current hash:
 * <ul>
 *   <li>{@code $legacy-keycloak$pbkdf2-sha256$i=600000$SALT$HASH} (also {@code pbkdf2-sha512} and {@code pbkdf2},
 *       which is HMAC-SHA1): PBKDF2 over the password's UTF-8 bytes, the derived key as long as the stored hash;</li>
 *   <li>{@code $legacy-keycloak$argon2$type=id,v=19,m=7168,t=5,p=1$SALT$HASH}.</li>
 * </ul>
 * SALT and HASH are standard base64 as Keycloak exports them. The password is verified as typed: Keycloak did not
 * normalise it. Bounds on the parameters keep a damaged row from costing unbounded work.
 */
public sealed interface LegacyPasswordHash {
    String TAG = "$legacy-keycloak$";

    /** The string stored in the database. */
    String encoded();

    /** Whether {@code stored} is a legacy hash (well-formed or not): such a row is never a current hash. */
    static boolean isLegacy(String stored) {
        return stored != null && stored.startsWith(TAG);
    }

    /** The legacy hash in {@code stored}; empty when it is not one or is malformed. */
    static Optional<LegacyPasswordHash> parse(String stored) {
        if (!isLegacy(stored)) {
            return Optional.empty();
        }
        String[] parts = stored.substring(TAG.length()).split("\\$", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (parts[0].equals(Argon2.ALGORITHM)) {
                return Argon2.parseParameters(parts[1], salt, hash).map(a -> a);
            }
            Optional<Pbkdf2.Prf> prf = Pbkdf2.Prf.byName(parts[0]);
            if (prf.isEmpty() || !parts[1].startsWith("i=")) {
                return Optional.empty();
            }
            return Optional.of(new Pbkdf2(prf.get(), Integer.parseInt(parts[1].substring(2)), salt, hash));
        } catch (IllegalArgumentException malformed) { // bad base64, number or bounds
            return Optional.empty();
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static void requireLengths(byte[] salt, byte[] hash) {
        if (salt.length > 32 || hash.length < 16 || hash.length > 64) {
            throw new IllegalArgumentException("salt of at most 32 bytes and a hash of 16 to 64 bytes expected (fits the password_hash column)");
        }
    }

    /** PBKDF2 (RFC 8018) with the JDK's {@code PBKDF2WithHmacSHA*}. */
    record Pbkdf2(Prf prf, int iterations, byte[] salt, byte[] hash) implements LegacyPasswordHash {
        /** Keycloak's algorithm names and the JDK's. */
        public enum Prf {
            SHA1("pbkdf2", "PBKDF2WithHmacSHA1"),
            SHA256("pbkdf2-sha256", "PBKDF2WithHmacSHA256"),
            SHA512("pbkdf2-sha512", "PBKDF2WithHmacSHA512");

            private final String keycloakName;
            private final String jcaName;

            Prf(String keycloakName, String jcaName) {
                this.keycloakName = keycloakName;
                this.jcaName = jcaName;
            }

            public String keycloakName() {
                return keycloakName;
            }

            public static Optional<Prf> byName(String keycloakName) {
                return Arrays.stream(values()).filter(p -> p.keycloakName.equals(keycloakName)).findFirst();
            }
        }

        public Pbkdf2 {
            if (iterations < 1 || iterations > 10_000_000) {
                throw new IllegalArgumentException("PBKDF2 iterations must be 1 to 10000000");
            }
            requireLengths(salt, hash);
            salt = salt.clone();
            hash = hash.clone();
        }

        @Override
        public String encoded() {
            return TAG + prf.keycloakName + "$i=" + iterations + "$" + b64(salt) + "$" + b64(hash);
        }

        /** Constant-time comparison of the derived key with the stored one. */
        boolean matches(String password) {
            char[] chars = password.toCharArray();
            var spec = new PBEKeySpec(chars, salt, iterations, hash.length * 8);
            try {
                byte[] derived = SecretKeyFactory.getInstance(prf.jcaName).generateSecret(spec).getEncoded();
                return MessageDigest.isEqual(derived, hash);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks " + prf.jcaName, e);
            } finally {
                spec.clearPassword();
                Arrays.fill(chars, '\0');
            }
        }

        @Override
        public String toString() {
            return "Pbkdf2[" + prf + ", i=" + iterations + ", ****]";
        }
    }

    /**
     * Argon2 as Keycloak's {@code argon2} provider stores it (type id, i or d; version 1.0 or 1.3).
     *
     * @param type    {@code id}, {@code i} or {@code d}
     * @param version 16 (1.0) or 19 (1.3)
     */
    record Argon2(String type, int version, int memoryKib, int iterations, int parallelism, byte[] salt,
                  byte[] hash) implements LegacyPasswordHash {
        static final String ALGORITHM = "argon2";

        public Argon2 {
            if (!type.equals("id") && !type.equals("i") && !type.equals("d")) {
                throw new IllegalArgumentException("Argon2 type must be id, i or d");
            }
            if (version != 16 && version != 19) {
                throw new IllegalArgumentException("Argon2 version must be 16 (1.0) or 19 (1.3)");
            }
            if (parallelism < 1 || parallelism > 16 || iterations < 1 || iterations > 20 || memoryKib < 8 * parallelism
                    || memoryKib > 1_048_576) {
                throw new IllegalArgumentException("Argon2 parameters out of range");
            }
            requireLengths(salt, hash);
            if (salt.length < 8 || hash.length > 64) {
                throw new IllegalArgumentException("Argon2 needs a salt of 8 bytes or more and a hash of 64 or fewer");
            }
            salt = salt.clone();
            hash = hash.clone();
        }

        @Override
        public String encoded() {
            return TAG + ALGORITHM + "$" + parameters() + "$" + b64(salt) + "$" + b64(hash);
        }

        private String parameters() {
            return "type=" + type + ",v=" + version + ",m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism;
        }

        /** The same hash as a PHC string, which {@link Argon2id} verifies. */
        String phc() {
            var b64 = Base64.getEncoder().withoutPadding();
            return "$argon2" + type + "$v=" + version + "$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                    + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
        }

        static Optional<Argon2> parseParameters(String text, byte[] salt, byte[] hash) {
            String type = null;
            int v = 0;
            int m = 0;
            int t = 0;
            int p = 0;
            for (String parameter : text.split(",")) {
                String[] kv = parameter.split("=", 2);
                if (kv.length != 2) {
                    return Optional.empty();
                }
                switch (kv[0]) {
                    case "type" -> type = kv[1];
                    case "v" -> v = Integer.parseInt(kv[1]);
                    case "m" -> m = Integer.parseInt(kv[1]);
                    case "t" -> t = Integer.parseInt(kv[1]);
                    case "p" -> p = Integer.parseInt(kv[1]);
                    default -> {
                        return Optional.empty();
                    }
                }
            }
            return type == null ? Optional.empty() : Optional.of(new Argon2(type, v, m, t, p, salt, hash));
        }

        @Override
        public String toString() {
            return "Argon2[" + parameters() + ", ****]";
        }
    }
}
