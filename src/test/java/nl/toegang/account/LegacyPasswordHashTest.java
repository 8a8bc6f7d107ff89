package nl.toegang.account;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Legacy (Keycloak) hash formats in {@link PasswordHasher}: verified in their own format, always due for a rehash,
 * and a damaged row is a non-match, never an exception or unbounded work. The round trip with a real Keycloak
 * export is {@code nl.toegang.ImportKeycloakCommandTest}.
 */
class LegacyPasswordHashTest {
    private final PasswordHasher hasher = new PasswordHasher(new PasswordHashProperties(8192, 1, 1, 0),
            new SecureRandom());

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** RFC 6070, test vector 3: PBKDF2-HMAC-SHA1, P = "password", S = "salt", c = 4096, dkLen = 20. */
    private static final String RFC_6070 = "$legacy-keycloak$pbkdf2$i=4096$" + b64("salt".getBytes())
            + "$" + b64(HexFormat.of().parseHex("4b007901b765489abead49d926f721d065a429c1"));

    @Test
    void whenTheRfc6070VectorIsCheckedThenOnlyItsPasswordMatches() {
        assertThat(hasher.matches("password", RFC_6070)).isTrue();
        assertThat(hasher.matches("Password", RFC_6070)).isFalse();
        assertThat(hasher.matches("password ", RFC_6070)).isFalse();
    }

    @Test
    void whenAKeycloakArgon2HashIsCheckedThenItsPasswordMatches() {
        // carla.argon2@example.org in src/test/resources/keycloak/gemeente-realm.json (Keycloak 26.5.6 argon2 defaults)
        var carla = new LegacyPasswordHash.Argon2("id", 19, 7168, 5, 1,
                Base64.getDecoder().decode("405DkImN9wbcXRg75X/VzA=="),
                Base64.getDecoder().decode("LFgqsqnaCU25ND1VEFLjO/9wCZYdH1UwnEiyjk1Sb3w="));

        assertThat(carla.encoded()).isEqualTo("$legacy-keycloak$argon2$type=id,v=19,m=7168,t=5,p=1$"
                + "405DkImN9wbcXRg75X/VzA==$LFgqsqnaCU25ND1VEFLjO/9wCZYdH1UwnEiyjk1Sb3w=");
        assertThat(hasher.matches("Carla-Argon2-Wachtwoord", carla.encoded())).isTrue();
        assertThat(hasher.matches("carla-Argon2-Wachtwoord", carla.encoded())).isFalse();
        assertThat(LegacyPasswordHash.parse(carla.encoded())).hasValueSatisfying(
                parsed -> assertThat(parsed.encoded()).isEqualTo(carla.encoded()));
    }

    @Test
    void whenALegacyHashIsStoredThenItIsAlwaysDueForARehashAndAFreshHashIsNot() {
        assertThat(hasher.needsRehash(RFC_6070)).isTrue();
        assertThat(hasher.needsRehash(hasher.hash("password"))).isFalse();
    }

    @Test
    void whenToStringThenNoSaltOrHashIsShown() {
        String shown = LegacyPasswordHash.parse(RFC_6070).orElseThrow().toString();
        assertThat(shown).isEqualTo("Pbkdf2[SHA1, i=4096, ****]").doesNotContain(b64("salt".getBytes()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "$legacy-keycloak$pbkdf2-sha256$i=10000001$c2FsdA==$SwB5AbdlSJq+rUnZJvch0GWkKcE=",   // too many iterations
            "$legacy-keycloak$pbkdf2-sha256$i=0$c2FsdA==$SwB5AbdlSJq+rUnZJvch0GWkKcE=",
            "$legacy-keycloak$pbkdf2-sha256$4096$c2FsdA==$SwB5AbdlSJq+rUnZJvch0GWkKcE=",          // no i=
            "$legacy-keycloak$pbkdf2-sha256$i=4096$c2FsdA==$c2hvcnQ=",                            // hash too short
            "$legacy-keycloak$pbkdf2-sha256$i=4096$not base64!$SwB5AbdlSJq+rUnZJvch0GWkKcE=",
            "$legacy-keycloak$bcrypt$i=10$c2FsdA==$SwB5AbdlSJq+rUnZJvch0GWkKcE=",                 // unknown format
            "$legacy-keycloak$argon2$type=id,v=19,m=4194304,t=5,p=1$405DkImN9wbcXRg75X/VzA==$LFgqsqnaCU25ND1VEFLjO/9wCZYdH1UwnEiyjk1Sb3w=",
            "$legacy-keycloak$argon2$type=x,v=19,m=7168,t=5,p=1$405DkImN9wbcXRg75X/VzA==$LFgqsqnaCU25ND1VEFLjO/9wCZYdH1UwnEiyjk1Sb3w=",
            "$legacy-keycloak$argon2$v=19,m=7168,t=5,p=1$405DkImN9wbcXRg75X/VzA==$LFgqsqnaCU25ND1VEFLjO/9wCZYdH1UwnEiyjk1Sb3w=",
            "$legacy-keycloak$pbkdf2$i=4096$c2FsdA==",
            "$legacy-keycloak$"})
    void whenTheStoredLegacyHashIsDamagedThenNothingMatchesQuickly(String damaged) {
        long started = System.nanoTime();
        assertThat(LegacyPasswordHash.parse(damaged)).isEmpty();
        assertThat(hasher.matches("password", damaged)).isFalse();
        assertThat(hasher.needsRehash(damaged)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }
}
