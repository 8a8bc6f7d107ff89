package nl.toegang.federation.digid;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import nl.toegang.saml.ArtifactResolveMessage;
import nl.toegang.saml.DigidIdp;
import nl.toegang.saml.IdpEndpointRule;
import nl.toegang.saml.crypto.SigningCredential;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The realm's {@code idpTlsTrust}: the back channel trusts exactly the certificates named there. A server whose chain
 * ends in that root (a private root Java does not ship, like PKIoverheid's) is reached; the pinned server certificate
 * works on its own; and a certificate that is not in the bundle is refused, whatever else would vouch for it.
 */
class IdpTlsTrustTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.now();
    private static final KeyPair ROOT_KEYS = keys();
    private static final X509Certificate ROOT = certificate("CN=Test Private Root", ROOT_KEYS.getPublic(),
            "CN=Test Private Root", ROOT_KEYS, true);
    private static final KeyPair SERVER_KEYS = keys();
    private static final X509Certificate SERVER = certificate("CN=localhost", SERVER_KEYS.getPublic(),
            "CN=Test Private Root", ROOT_KEYS, false);
    private static final DevCertificates.Generated SP =
            DevCertificates.generate("Test SP", false, RANDOM, NOW);
    private static final DevCertificates.Generated STRANGER =
            DevCertificates.generate("localhost", true, RANDOM, NOW);
    private static final ArtifactResolveMessage MESSAGE =
            new ArtifactResolveMessage("_id", "<soap:Envelope/>".getBytes(StandardCharsets.UTF_8));
    private static final byte[] ANSWER = "<soap:Envelope/>".getBytes(StandardCharsets.UTF_8);

    private HttpsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void whenTheBundleHoldsThePrivateRootThenTheServerItIssuedIsReached() throws Exception {
        assertThat(client(List.of(ROOT)).resolve(start(), MESSAGE)).isEqualTo(ANSWER);
    }

    @Test
    void whenTheBundlePinsTheServerCertificateThenItIsReached() throws Exception {
        assertThat(client(List.of(SERVER)).resolve(start(), MESSAGE)).isEqualTo(ANSWER);
    }

    @Test
    void whenTheBundleHoldsOnlyOtherCertificatesThenTheConnectionIsRefused() throws Exception {
        String url = start();
        assertThatThrownBy(() -> client(List.of(STRANGER.certificate())).resolve(url, MESSAGE))
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(handshakeRefused(e)).as("refused in the TLS handshake").isTrue());
    }

    @Test
    void whenNoBundleIsGivenThenThePrivateRootIsNotTrustedThroughTheJdkStore() throws Exception {
        String url = start();
        assertThatThrownBy(() -> client(List.of()).resolve(url, MESSAGE)).isInstanceOf(IOException.class);
    }

    private String start() throws Exception {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext()));
        server.createContext("/resolve", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, ANSWER.length);
            exchange.getResponseBody().write(ANSWER);
            exchange.close();
        });
        server.start();
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/resolve";
    }

    private static ArtifactResolutionClient client(List<X509Certificate> trust) {
        var credentials = new SpCredentials(new SigningCredential(SP.keyPair().getPrivate(), SP.certificate()),
                SP.keyPair().getPrivate(), List.of(SP.certificate()));
        var idp = new DigidIdp("https://idp.example.test", "https://idp.example.test/sso",
                "https://127.0.0.1/resolve", List.of(SP.certificate().getPublicKey()), trust);
        return new ArtifactResolutionClient(credentials, idp, new IdpEndpointRule(false), RANDOM,
                Duration.ofSeconds(10));
    }

    /** The server presents its certificate and the private root above it, as a PKIoverheid server would. */
    private static SSLContext serverContext() throws Exception {
        char[] password = new char[0];
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", SERVER_KEYS.getPrivate(), password, new Certificate[]{SERVER, ROOT});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, RANDOM);
        return context;
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String subject, java.security.PublicKey key, String issuer,
                                               KeyPair issuerKeys, boolean authority) {
        try {
            var builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(RANDOM.nextInt(1 << 30) + 1L),
                    Date.from(NOW.minus(Duration.ofDays(1))), Date.from(NOW.plus(Duration.ofDays(30))),
                    new X500Name(subject), key);
            if (authority) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            }
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean handshakeRefused(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }
}
