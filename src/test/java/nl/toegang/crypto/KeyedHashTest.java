package nl.toegang.crypto;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyedHashTest {

    private final MasterKey masterKey = randomMasterKey();
    private final KeyedHash hash = KeyedHash.derivedFrom(masterKey, "client-secret");

    @Test
    void hashIsDeterministicBase64UrlWithoutPadding() {
        String h = hash.hash("s3cr3t");

        assertThat(h).isEqualTo(hash.hash("s3cr3t")).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(h)).hasSize(32);
        assertThat(h).isNotEqualTo(hash.hash("s3cr3u"));
    }

    @Test
    void matchesOnlyTheOriginalValue() {
        String h = hash.hash("s3cr3t");

        assertThat(hash.matches("s3cr3t", h)).isTrue();
        assertThat(hash.matches("s3cr3T", h)).isFalse();
        assertThat(hash.matches("s3cr3t", h.substring(1))).isFalse();
        assertThat(hash.matches("s3cr3t", "not base64url!")).isFalse();
        assertThat(hash.matches("s3cr3t", null)).isFalse();
    }

    @Test
    void dependsOnMasterKeyAndPurpose() {
        String h = hash.hash("s3cr3t");

        assertThat(KeyedHash.derivedFrom(masterKey, "other-purpose").matches("s3cr3t", h)).isFalse();
        assertThat(KeyedHash.derivedFrom(randomMasterKey(), "client-secret").matches("s3cr3t", h)).isFalse();
        assertThat(new KeyedHash(masterKey.derive("client-secret")).matches("s3cr3t", h)).isTrue();
    }

    @Test
    void rejectsShortKeysAndHidesKeyInToString() {
        assertThatThrownBy(() -> new KeyedHash(new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThat(hash.toString()).isEqualTo("KeyedHash[****]");
    }

    private static MasterKey randomMasterKey() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return MasterKey.fromBase64(Base64.getEncoder().encodeToString(raw));
    }
}
