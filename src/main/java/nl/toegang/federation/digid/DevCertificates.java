package nl.toegang.federation.digid;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Self-signed RSA certificates for development only (the DigiD mock and the SP keys of a mock realm). Real DigiD
 * needs PKIoverheid certificates; these never leave this machine.
 */
public final class DevCertificates {
    private DevCertificates() {
    }

    /** A generated key pair and its self-signed certificate. */
    public record Generated(KeyPair keyPair, X509Certificate certificate) {
    }

    /** @param localhostNames add SubjectAltNames localhost and 127.0.0.1 (for a TLS server certificate) */
    public static Generated generate(String commonName, boolean localhostNames, SecureRandom random, Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, random);
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName);
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, random).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name,
                    pair.getPublic());
            if (localhostNames) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            }
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new Generated(pair, certificate);
        } catch (Exception e) {
            throw new IllegalStateException("could not generate a development certificate", e);
        }
    }
}
