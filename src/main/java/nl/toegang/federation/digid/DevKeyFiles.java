package nl.toegang.federation.digid;

import nl.toegang.config.ToegangProperties;
import nl.toegang.crypto.MasterKey;
import nl.toegang.saml.PemFiles;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;

/**
 * Development key pairs (mock IdPs, SP keys of a realm without configured files) made once and kept under
 * {@code toegang.data-dir/digid/}: the certificate in plain PEM, the private key encrypted with the master key. An RSA
 * key pair costs a few hundred milliseconds of CPU to generate, so making them at every start made up a fifth of the
 * start-up work; files rather than a table because they are per-node development artefacts that an operator may want
 * to inspect or delete.
 */
@Component
public class DevKeyFiles {
    private final Path directory;
    private final MasterKey masterKey;
    private final SecureRandom random;
    private final Clock clock;

    public DevKeyFiles(ToegangProperties properties, MasterKey masterKey, SecureRandom random, Clock clock) {
        this.directory = properties.dataDir().resolve("digid");
        this.masterKey = masterKey;
        this.random = random;
        this.clock = clock;
    }

    /**
     * The pair stored as {@code stem.key.enc} and {@code stem.crt}, generated and stored first when either is missing.
     *
     * @param context        bound into the key's encryption, so a key file copied under another name does not load
     * @param localhostNames the certificate names localhost and 127.0.0.1 (a TLS server certificate)
     */
    public synchronized DevCertificates.Generated once(String stem, String context, String commonName,
                                                       boolean localhostNames) {
        Path keyFile = directory.resolve(stem + ".key.enc");
        Path certFile = directory.resolve(stem + ".crt");
        try {
            if (!Files.exists(keyFile) || !Files.exists(certFile)) {
                Files.createDirectories(directory);
                var generated = DevCertificates.generate(commonName, localhostNames, random, clock.instant());
                byte[] encrypted = masterKey.encrypt(generated.keyPair().getPrivate().getEncoded(), context);
                writeAtomically(certFile, PemFiles.pem(generated.certificate()));
                writeAtomically(keyFile, Base64.getEncoder().encodeToString(encrypted) + "\n");
                return generated;
            }
            byte[] pkcs8 = masterKey.decrypt(Base64.getDecoder().decode(Files.readString(keyFile).strip()), context);
            PrivateKey key = PemFiles.rsaPrivateKey(pkcs8);
            X509Certificate certificate = PemFiles.certificates(certFile).get(0);
            return new DevCertificates.Generated(new KeyPair(certificate.getPublicKey(), key), certificate);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create development keys in " + directory, e);
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".digid-", ".tmp");
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
