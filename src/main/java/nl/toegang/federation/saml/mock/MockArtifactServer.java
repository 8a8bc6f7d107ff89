package nl.toegang.federation.saml.mock;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import nl.toegang.config.ConditionalOnMockDigid;
import nl.toegang.config.MockDigidProperties;
import nl.toegang.federation.digid.DigidRealms;
import nl.toegang.realm.DigidSettings;
import nl.toegang.saml.SamlValidationException;
import nl.toegang.saml.crypto.EnvelopedSignatureVerifier;
import nl.toegang.saml.xml.Dom;
import nl.toegang.saml.xml.SecureXmlParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static nl.toegang.saml.xml.SamlNamespaces.ASSERTION;
import static nl.toegang.saml.xml.SamlNamespaces.PROTOCOL;

/**
 * The mock's artifact resolution service: SOAP over HTTPS on 127.0.0.1, on its own port, and only for clients that
 * present a TLS certificate of a mock realm (need-client-auth, so a connection without one fails in the handshake).
 * Runs only when some realm uses the mock. It is bound before the web server accepts requests (an earlier lifecycle
 * phase) and stopped after it, so no page ever sees the mock half-started: its trust store needs only the realms' SP
 * TLS certificates, and what depends on the public URL (entityIDs, ACS URLs) is looked up per request.
 */
@Component
@ConditionalOnMockDigid
public class MockArtifactServer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(MockArtifactServer.class);
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final DigidRealms realms;
    private final MockDigidIdentity identity;
    private final MockArtifactStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final int port;
    private HttpsServer server;
    private ExecutorService executor;

    public MockArtifactServer(DigidRealms realms, MockDigidIdentity identity, MockArtifactStore store, Clock clock,
                              SecureRandom random, MockDigidProperties properties) {
        this.realms = realms;
        this.identity = identity;
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.port = properties.artifactPort();
    }

    @Override
    public synchronized void start() {
        if (realms.tlsCertificates(DigidSettings::mock).isEmpty()) {
            return;
        }
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            server.setHttpsConfigurator(new HttpsConfigurator(sslContext()) {
                @Override
                public void configure(HttpsParameters params) {
                    var parameters = getSSLContext().getDefaultSSLParameters();
                    parameters.setNeedClientAuth(true);
                    params.setSSLParameters(parameters);
                }
            });
            server.createContext(MockDigidIdentity.PATH + "/resolve", this::handle);
            executor = Executors.newFixedThreadPool(2);
            server.setExecutor(executor);
            server.start();
            identity.artifactPort(server.getAddress().getPort());
            log.info("Mock DigiD artifact resolution service on https://127.0.0.1:{} (mutual TLS, development only)",
                    server.getAddress().getPort());
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot start the mock DigiD artifact resolution service", e);
        }
    }

    /** The server certificate is the mock's; trusted clients are the TLS certificates of the mock realms. */
    private SSLContext sslContext() throws java.security.GeneralSecurityException, IOException {
        char[] password = new char[0];
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        var tls = identity.tls();
        keys.setKeyEntry("server", tls.keyPair().getPrivate(), password, new Certificate[]{tls.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (X509Certificate certificate : realms.tlsCertificates(DigidSettings::mock)) {
            trust.setCertificateEntry("sp-" + i++, certificate);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), random);
        return context;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_REQUEST_BYTES + 1);
            }
            Optional<byte[]> answer = body.length > MAX_REQUEST_BYTES ? Optional.empty()
                    : answer(body, clientKey((HttpsExchange) exchange));
            if (answer.isEmpty()) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/xml; charset=utf-8");
            exchange.sendResponseHeaders(200, answer.get().length);
            exchange.getResponseBody().write(answer.get());
        }
    }

    private static PublicKey clientKey(HttpsExchange exchange) {
        try {
            return ((X509Certificate) exchange.getSSLSession().getPeerCertificates()[0]).getPublicKey();
        } catch (SSLPeerUnverifiedException e) {
            return null; // cannot happen with need-client-auth; treated as no answer
        }
    }

    /** Verifies the signed ArtifactResolve with the SP's metadata key, then answers once per artifact. */
    private Optional<byte[]> answer(byte[] soap, PublicKey client) {
        if (client == null) {
            return Optional.empty();
        }
        try {
            var doc = new SecureXmlParser(MAX_REQUEST_BYTES).parse(soap);
            Element body = Dom.childElements(doc.getDocumentElement()).stream()
                    .filter(e -> "Body".equals(e.getLocalName())).findFirst().orElseThrow();
            Element resolve = Dom.single(body, PROTOCOL, "ArtifactResolve", "mock");
            String issuer = Dom.text(Dom.single(resolve, ASSERTION, "Issuer", "mock"), "mock");
            DigidRealms.ServiceProvider sp = realms.serviceProviders(DigidSettings::mock).stream()
                    .filter(r -> r.spEntityId().equals(issuer)).findFirst().orElseThrow();
            if (!sp.credentials().tlsChain().get(0).getPublicKey().equals(client)) {
                return Optional.empty(); // another SP's TLS certificate
            }
            new EnvelopedSignatureVerifier().verify(resolve,
                    List.of(sp.credentials().signing().certificate().getPublicKey()), "mock ArtifactResolve");
            String resolveId = resolve.getAttribute("ID");
            String artifact = Dom.text(Dom.single(resolve, PROTOCOL, "Artifact", "mock"), "mock");
            var builder = new MockResponseBuilder(identity.entityId(), identity.signing(), random);
            return Optional.of(store.resolveOnce(artifact)
                    .filter(a -> a.spEntityId().equals(sp.spEntityId()))
                    .map(a -> builder.answer(resolveId, a, clock.instant()))
                    .orElseGet(() -> builder.denied(resolveId, clock.instant())));
        } catch (SamlValidationException | java.util.NoSuchElementException e) {
            log.info("Mock DigiD refused an ArtifactResolve: {}", e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public int getPhase() {
        // Lower phases start first and stop last: bound before Tomcat takes its first request, closed after it stops.
        return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;
    }
}
