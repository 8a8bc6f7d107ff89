package nl.toegang.federation.digid;

import nl.toegang.saml.PemFiles;
import nl.toegang.saml.crypto.SigningCredential;
import nl.toegang.realm.DigidSettings;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Loads a realm's SP keys from the PEM files in its realm file, or, for a mock realm without files, development keys
 * made once ({@link DevKeyFiles}, key encryption context {@code digid-dev-key:{realm}:{purpose}}).
 */
@Component
public class DigidKeyMaterial {
    private final DevKeyFiles keyFiles;

    public DigidKeyMaterial(DevKeyFiles keyFiles) {
        this.keyFiles = keyFiles;
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
        var pair = keyFiles.once(realm + "-" + purpose, "digid-dev-key:" + realm + ":" + purpose,
                "Toegang dev SP " + purpose + " " + realm, false);
        return new SigningCredential(pair.keyPair().getPrivate(), pair.certificate());
    }
}
