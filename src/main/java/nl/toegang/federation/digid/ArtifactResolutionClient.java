package nl.toegang.federation.digid;

import nl.toegang.federation.saml.ArtifactResolveMessage;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;

/**
 * Sends a signed ArtifactResolve to the IdP's artifact resolution service over mutual TLS: our TLS client key and
 * certificate, and trust in the pinned IdP TLS certificate (or the JDK trust store when none is pinned).
 */
public final class ArtifactResolutionClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;

    public ArtifactResolutionClient(SpCredentials credentials, DigidIdp idp, SecureRandom random) {
        this.http = HttpClient.newBuilder()
                .sslContext(sslContext(credentials, idp, random))
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** @return the SOAP response body; an exception when the exchange fails or the status is not 200 */
    public byte[] resolve(String url, ArtifactResolveMessage message) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", "http://www.oasis-open.org/committees/security")
                .POST(HttpRequest.BodyPublishers.ofByteArray(message.soapEnvelope()))
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("artifact resolution service answered HTTP " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static SSLContext sslContext(SpCredentials credentials, DigidIdp idp, SecureRandom random) {
        try {
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", credentials.tlsKey(), password,
                    credentials.tlsChain().toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (idp.tlsTrust().isPresent()) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("idp", idp.tlsTrust().get());
                tmf.init(trust);
            } else {
                tmf.init((KeyStore) null);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), random);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up mutual TLS for the artifact resolution service", e);
        }
    }
}
