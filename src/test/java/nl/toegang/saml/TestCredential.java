package nl.toegang.saml;

import nl.toegang.saml.crypto.SigningCredential;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** An RSA key pair with a self-signed certificate, generated once per test JVM (RSA key generation is slow). */
record TestCredential(KeyPair keyPair, X509Certificate certificate) {

    static final TestCredential IDP = generate("DigiD test IdP");
    static final TestCredential ATTACKER = generate("Attacker");
    static final TestCredential SP_SIGNING = generate("Toegang SP signing");
    static final TestCredential SP_ENCRYPTION = generate("Toegang SP encryption");
    static final TestCredential OTHER_SP_ENCRYPTION = generate("Other SP encryption");

    PublicKey publicKey() {
        return keyPair.getPublic();
    }

    PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    SigningCredential signing() {
        return new SigningCredential(keyPair.getPrivate(), certificate);
    }

    SigningCredential signingWithCertificate(X509Certificate claimed) {
        return new SigningCredential(keyPair.getPrivate(), claimed);
    }

    static TestCredential generate(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName);
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), name,
                    pair.getPublic());
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate());
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new TestCredential(pair, cert);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
