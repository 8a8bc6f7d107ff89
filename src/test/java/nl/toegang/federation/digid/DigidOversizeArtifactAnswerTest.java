package nl.toegang.federation.digid;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.DigidMetadataRealm;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end through real HTTP with a metadata-configured IdP whose artifact resolution service (a real HTTPS server
 * here) answers with far more than 256 KB: the resident gets the DigiD error page, not a 500; the log says why; and
 * Toegang closed the connection at the limit instead of reading the whole answer.
 */
@ExtendWith(OutputCaptureExtension.class)
class DigidOversizeArtifactAnswerTest {
    private static final String REDIRECT = "https://rp.example.test/callback";
    private static final long HUGE = 64L * 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path temp;
    static TestServer server;
    static HttpsServer idp;
    static ExecutorService executor = Executors.newCachedThreadPool();
    static final AtomicLong written = new AtomicLong();
    static final AtomicBoolean connectionClosedByToegang = new AtomicBoolean();
    static final CountDownLatch answered = new CountDownLatch(1);

    @BeforeAll
    static void start() throws Exception {
        var tls = DevCertificates.generate("localhost", true, RANDOM, Instant.now());
        idp = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        idp.setHttpsConfigurator(new HttpsConfigurator(serverContext(tls)));
        idp.createContext("/resolve", DigidOversizeArtifactAnswerTest::oversizeAnswer);
        idp.setExecutor(executor);
        idp.start();
        String resolve = "https://127.0.0.1:" + idp.getAddress().getPort() + "/resolve";
        // The realm trusts the IdP's TLS certificate itself (digid.idpTlsTrust), not the JVM's trust store.
        new DigidMetadataRealm().trustingIdpTls(tls.certificate()).write(temp.resolve("realms"), REDIRECT,
                DigidMetadataRealm.Endpoints.https(resolve));
        server = TestServer.embedded(temp.resolve("data"), temp.resolve("realms"), Map.of()).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (idp != null) {
            idp.stop(0);
        }
        executor.shutdownNow();
    }

    @Test
    void whenTheIdpAnswersMoreThanTheLimitThenTheResidentSeesTheErrorPageAndTheLogSaysWhy(CapturedOutput output)
            throws Exception {
        Browser browser = new Browser();
        var client = new OidcTestClient(server.issuer("portal"), "rp", DigidMetadataRealm.SECRET, REDIRECT);
        var params = new HashMap<>(client.authorizationParams(OidcTestClient.Pkce.create(), "state-1", "nonce-1"));
        params.put("scope", "openid");
        var authorize = browser.get(client.authorizationUrl(params));
        assertThat(Browser.location(authorize)).startsWith(server.baseUrl());
        assertThat(browser.get(Browser.resolve(authorize)).body()).contains("id=\"digid-login\"");
        var start = browser.get(server.issuer("portal") + "/saml/login");
        assertThat(start.statusCode()).isEqualTo(302);
        assertThat(Browser.location(start)).startsWith("https://idp.example.test/sso?SAMLRequest=");
        String relayState = Browser.queryParams(Browser.location(start)).get("RelayState");

        // What DigiD's browser redirect would bring: an artifact of this IdP, resolved over the back channel.
        var acs = browser.outcome(browser.get(server.issuer("portal") + "/saml/acs?SAMLart="
                + Browser.enc(artifact()) + "&RelayState=" + Browser.enc(relayState)));

        assertThat(acs.statusCode()).isEqualTo(400);
        assertThat(acs.body()).contains("id=\"digid-error\"").contains("Inloggen met DigiD is mislukt");
        assertThat(answered.await(10, TimeUnit.SECONDS)).as("the IdP side saw the exchange end").isTrue();
        assertThat(connectionClosedByToegang).as("Toegang closed the connection instead of reading on").isTrue();
        assertThat(written.get()).isLessThan(HUGE / 4);
        assertThat(output.getAll()).contains("Artifact resolution answer refused")
                .contains("larger than " + ArtifactResolutionClient.MAX_ANSWER_BYTES + " bytes");
    }

    /** A type 0x0004 artifact whose SourceID is this IdP's (SHA-1 of its entityID). */
    private static String artifact() throws Exception {
        byte[] handle = new byte[20];
        RANDOM.nextBytes(handle);
        byte[] source = MessageDigest.getInstance("SHA-1")
                .digest(DigidMetadataRealm.ENTITY_ID.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(44).putShort((short) 4).putShort((short) 0)
                .put(source).put(handle).array());
    }

    /** A chunked answer (no Content-Length to go by) of 64 MB, counting what the socket took. */
    private static void oversizeAnswer(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(200, 0);
        byte[] chunk = new byte[64 * 1024];
        try {
            OutputStream out = exchange.getResponseBody();
            while (written.get() < HUGE) {
                out.write(chunk);
                written.addAndGet(chunk.length);
            }
            out.close();
        } catch (IOException e) {
            connectionClosedByToegang.set(true);
        } finally {
            answered.countDown();
        }
    }

    private static SSLContext serverContext(DevCertificates.Generated tls) throws Exception {
        char[] password = new char[0];
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", tls.keyPair().getPrivate(), password, new Certificate[]{tls.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, RANDOM);
        return context;
    }
}
