package nl.toegang.federation.digid;

import nl.toegang.config.ToegangProperties;
import nl.toegang.crypto.MasterKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Development pairs are made once per data directory: a restart (a new instance) loads the same pair. */
class DevKeyFilesTest {
    @TempDir
    Path dataDir;

    private DevKeyFiles keyFiles(byte[] master) {
        var properties = new ToegangProperties(dataDir, dataDir, "http://localhost:8080", null, Duration.ofMinutes(1),
                false);
        return new DevKeyFiles(properties, MasterKey.fromBase64(Base64.getEncoder().encodeToString(master)),
                new SecureRandom(), Clock.systemUTC());
    }

    @Test
    void aRestartLoadsThePairItMadeAndTheKeyIsStoredEncrypted() throws Exception {
        byte[] master = new byte[32];
        var first = keyFiles(master).once("mock-digid-tls", "mock-digid:tls", "localhost", true);
        var again = keyFiles(master).once("mock-digid-tls", "mock-digid:tls", "localhost", true);

        assertThat(again.certificate()).isEqualTo(first.certificate());
        assertThat(again.certificate().getSubjectAlternativeNames()).isNotEmpty();
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(again.keyPair().getPrivate());
        signer.update(new byte[]{1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(first.certificate());
        verifier.update(new byte[]{1, 2, 3});
        assertThat(verifier.verify(signature)).as("the loaded private key belongs to the certificate").isTrue();

        String stored = Files.readString(dataDir.resolve("digid/mock-digid-tls.key.enc"));
        assertThat(stored).doesNotContain("PRIVATE KEY");
        var hex = java.util.HexFormat.of();
        assertThat(hex.formatHex(Base64.getDecoder().decode(stored.strip()))).doesNotContain(
                hex.formatHex(java.util.Arrays.copyOfRange(first.keyPair().getPrivate().getEncoded(), 26, 90)));
    }

    @Test
    void otherNamesGetOtherPairsAndAKeyFileCopiedUnderAnotherNameDoesNotLoad() throws Exception {
        byte[] master = new byte[32];
        var files = keyFiles(master);
        var signing = files.once("mock-digid-signing", "mock-digid:signing", "signing", false);
        var tls = files.once("mock-digid-tls", "mock-digid:tls", "localhost", true);
        assertThat(tls.certificate()).isNotEqualTo(signing.certificate());

        Path digid = dataDir.resolve("digid");
        Files.copy(digid.resolve("mock-digid-tls.key.enc"), digid.resolve("mock-digid-signing.key.enc"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> keyFiles(master).once("mock-digid-signing", "mock-digid:signing", "signing", false))
                .as("the key is bound to its name by the encryption context").isInstanceOf(RuntimeException.class);
    }
}
