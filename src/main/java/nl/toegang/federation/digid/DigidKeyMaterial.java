package nl.toegang.federation.digid;

import nl.toegang.saml.PemFiles;
import nl.toegang.config.ToegangProperties;
import nl.toegang.crypto.MasterKey;
import nl.toegang.saml.crypto.SigningCredential;
import nl.toegang.realm.DigidSettings;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Loads a realm's SP keys from the PEM files in its realm file, or, for a mock realm without files, generates
 * development keys once and keeps them under {@code toegang.data-dir/digid/}: the certificate in plain PEM, the
 * private key encrypted with the master key (context {@code digid-dev-key:{realm}:{purpose}}). Files rather than a
 * table because they are per-node development artefacts that an operator may want to inspect or delete.
 */
@Component
public class DigidKeyMaterial {
    private final Path directory;
    private final MasterKey masterKey;
    private final SecureRandom random;
    private final Clock clock;

    public DigidKeyMaterial(ToegangProperties properties, MasterKey masterKey, SecureRandom random, Clock clock) {
        this.directory = properties.dataDir().resolve("digid");
        this.masterKey = masterKey;
        this.random = random;
        this.clock = clock;
    }

    public synchronized SpCredentials load(String realm, DigidSettings settings) {
        SigningCredential signing = credential(realm, "signing", settings.signingKey(), settings.signingCertificate());
        SigningCredential tls = credential(realm, "tls", settings.tlsClientKey(), settings.tlsClientCertificate());
        List<X509Certificate> chain = settings.tlsClientCertificate().map(PemFiles::certificates)
                .orElse(List.of(tls.certificate()));
        return new SpCredentials(signing, tls.privateKey(), chain);
    }

    private SigningCredential credential(String realm, String purpose, Optional<Path> key, Optional<Path> cert) {
        if (key.isPresent() && cert.isPresent()) {
            return new SigningCredential(PemFiles.privateKey(key.get()), PemFiles.certificates(cert.get()).get(0));
        }
        return generatedOnce(realm, purpose);
    }

    private SigningCredential generatedOnce(String realm, String purpose) {
        Path keyFile = directory.resolve(realm + "-" + purpose + ".key.enc");
        Path certFile = directory.resolve(realm + "-" + purpose + ".crt");
        String context = "digid-dev-key:" + realm + ":" + purpose;
        try {
            if (!Files.exists(keyFile) || !Files.exists(certFile)) {
                Files.createDirectories(directory);
                var generated = DevCertificates.generate("Toegang dev SP " + purpose + " " + realm, false, random,
                        clock.instant());
                byte[] encrypted = masterKey.encrypt(generated.keyPair().getPrivate().getEncoded(), context);
                writeAtomically(certFile, PemFiles.pem(generated.certificate()));
                writeAtomically(keyFile, Base64.getEncoder().encodeToString(encrypted) + "\n");
            }
            byte[] pkcs8 = masterKey.decrypt(Base64.getDecoder().decode(Files.readString(keyFile).strip()), context);
            PrivateKey key = PemFiles.rsaPrivateKey(pkcs8);
            return new SigningCredential(key, PemFiles.certificates(certFile).get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create development DigiD keys in " + directory, e);
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".digid-", ".tmp");
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
