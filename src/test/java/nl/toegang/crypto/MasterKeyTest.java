package nl.toegang.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MasterKeyTest {

    private static final byte[] SECRET = "private key material".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTrip() {
        MasterKey key = randomKey();
        byte[] ciphertext = key.encrypt(SECRET, "signing-key:demo:kid1");

        assertThat(ciphertext[0]).as("format version").isEqualTo((byte) 1);
        assertThat(ciphertext).hasSize(1 + 12 + SECRET.length + 16);
        assertThat(key.decrypt(ciphertext, "signing-key:demo:kid1")).isEqualTo(SECRET);
    }

    @Test
    void emptyPlaintextRoundTrips() {
        MasterKey key = randomKey();
        assertThat(key.decrypt(key.encrypt(new byte[0], "ctx"), "ctx")).isEmpty();
    }

    @Test
    void freshNoncePerEncryption() {
        MasterKey key = randomKey();
        assertThat(key.encrypt(SECRET, "ctx")).isNotEqualTo(key.encrypt(SECRET, "ctx"));
    }

    @Test
    void wrongContextFails() {
        MasterKey key = randomKey();
        byte[] ciphertext = key.encrypt(SECRET, "signing-key:demo:kid1");

        assertThatThrownBy(() -> key.decrypt(ciphertext, "signing-key:demo:kid2"))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("context");
    }

    @Test
    void tamperedCiphertextFails() {
        MasterKey key = randomKey();
        byte[] ciphertext = key.encrypt(SECRET, "ctx");
        for (int i = 1; i < ciphertext.length; i++) { // every byte after the version: nonce, body, tag
            byte[] tampered = ciphertext.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> key.decrypt(tampered, "ctx")).isInstanceOf(DecryptionException.class);
        }
    }

    @Test
    void unknownVersionAndTruncatedFail() {
        MasterKey key = randomKey();
        byte[] ciphertext = key.encrypt(SECRET, "ctx");
        byte[] otherVersion = ciphertext.clone();
        otherVersion[0] = 2;

        assertThatThrownBy(() -> key.decrypt(otherVersion, "ctx")).isInstanceOf(DecryptionException.class)
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> key.decrypt(new byte[20], "ctx")).isInstanceOf(DecryptionException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void wrongKeyFails() {
        byte[] ciphertext = randomKey().encrypt(SECRET, "ctx");

        assertThatThrownBy(() -> randomKey().decrypt(ciphertext, "ctx"))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("wrong master key");
    }

    @Test
    void sameKeyFromBase64DecryptsAndAcceptsUrlAlphabetAndWhitespace() {
        byte[] raw = new byte[32];
        raw[0] = (byte) 0xfb; // base64 "+", base64url "-"
        raw[1] = (byte) 0xff;
        String standard = Base64.getEncoder().encodeToString(raw);
        String url = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

        byte[] ciphertext = MasterKey.fromBase64(standard).encrypt(SECRET, "ctx");

        assertThat(MasterKey.fromBase64(" " + url + "\n").decrypt(ciphertext, "ctx")).isEqualTo(SECRET);
    }

    @Test
    void deriveIsDeterministicPerPurposeAnd32Bytes() {
        String b64 = randomBase64();
        byte[] a = MasterKey.fromBase64(b64).derive("client-secret");

        assertThat(a).hasSize(32).isEqualTo(MasterKey.fromBase64(b64).derive("client-secret"));
        assertThat(MasterKey.fromBase64(b64).derive("other")).isNotEqualTo(a);
        assertThat(randomKey().derive("client-secret")).isNotEqualTo(a);
        assertThatThrownBy(() -> randomKey().derive(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badBase64IsRejectedWithoutEchoingTheValue() {
        String bad = "this*is*not*base64*secretvalue";

        assertThatThrownBy(() -> MasterKey.fromBase64(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid base64")
                .hasMessageNotContaining(bad)
                .hasMessageNotContaining("*");
        assertThatThrownBy(() -> MasterKey.fromBase64("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> MasterKey.fromBase64(null)).hasMessageContaining("empty");
    }

    @Test
    void wrongLengthIsRejectedWithoutEchoingTheValue() {
        String sixteen = Base64.getEncoder().encodeToString(new byte[16]);
        String thirtyThree = Base64.getEncoder().encodeToString(new byte[33]);

        assertThatThrownBy(() -> MasterKey.fromBase64(sixteen))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes but has 16")
                .hasMessageNotContaining(sixteen);
        assertThatThrownBy(() -> MasterKey.fromBase64(thirtyThree)).hasMessageContaining("has 33");
    }

    @Test
    void toStringDoesNotRevealTheKey() {
        String b64 = randomBase64();
        assertThat(MasterKey.fromBase64(b64).toString()).doesNotContain(b64).isEqualTo("MasterKey[****]");
    }

    @Test
    void loadOrCreateWritesOwnerOnlyFileAndReusesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nested/data/master.key");

        MasterKey first = MasterKey.loadOrCreate(file);
        String content = Files.readString(file).strip();
        MasterKey second = MasterKey.loadOrCreate(file);

        assertThat(Base64.getDecoder().decode(content)).hasSize(32);
        assertThat(second.decrypt(first.encrypt(SECRET, "ctx"), "ctx")).isEqualTo(SECRET);
        assertThat(Files.readString(file).strip()).as("not regenerated").isEqualTo(content);
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers).containsExactly(file);
        }
        assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        assertThat(Files.getPosixFilePermissions(file))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }

    @Test
    void loadOrCreateReadsAnExistingKey(@TempDir Path dir) throws Exception {
        String b64 = randomBase64();
        Path file = dir.resolve("master.key");
        Files.writeString(file, b64 + "\n");

        byte[] ciphertext = MasterKey.fromBase64(b64).encrypt(SECRET, "ctx");

        assertThat(MasterKey.loadOrCreate(file).decrypt(ciphertext, "ctx")).isEqualTo(SECRET);
    }

    @Test
    void loadOrCreateNamesTheFileButNotTheContentOnBadKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("master.key");
        String shortKey = Base64.getEncoder().encodeToString(new byte[10]);
        Files.writeString(file, shortKey);

        assertThatThrownBy(() -> MasterKey.loadOrCreate(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("has 10")
                .hasMessageNotContaining(shortKey);
    }

    private static MasterKey randomKey() {
        return MasterKey.fromBase64(randomBase64());
    }

    private static String randomBase64() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }
}
