package nl.toegang.federation.digid;

import nl.toegang.saml.DigidIdp;
import nl.toegang.saml.IdpEndpointRule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import nl.toegang.saml.ArtifactResolveMessage;
import nl.toegang.saml.SamlReason;
import nl.toegang.saml.SamlValidationException;
import nl.toegang.saml.crypto.SigningCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The back channel against a real HTTPS server standing in for the IdP's artifact resolution service: the answer is
 * read to at most 256 KB (and a larger Content-Length not read at all), a slow-drip answer ends at the deadline, and
 * nothing is sent to a plain-http address.
 */
class ArtifactResolutionClientTest {
    private static final int LIMIT = ArtifactResolutionClient.MAX_ANSWER_BYTES;
    /** Far more than the loopback socket buffers can hold, so only a client that keeps reading gets it all. */
    private static final long HUGE = 64L * 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DevCertificates.Generated SERVER_TLS =
            DevCertificates.generate("localhost", true, RANDOM, Instant.now());
    private static final DevCertificates.Generated SP =
            DevCertificates.generate("Test SP", false, RANDOM, Instant.now());
    private static final ArtifactResolveMessage MESSAGE =
            new ArtifactResolveMessage("_id", "<soap/>".getBytes(StandardCharsets.UTF_8));

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private HttpServer server;
    private final AtomicLong written = new AtomicLong();
    private final AtomicBoolean connectionClosedByClient = new AtomicBoolean();
    private final CountDownLatch handlerDone = new CountDownLatch(1);

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        executor.shutdownNow();
    }

    @Test
    void whenAnswerWithinLimitThenItIsReturned() throws Exception {
        byte[] answer = "<soap:Envelope/>".getBytes(StandardCharsets.UTF_8);
        String url = https(exchange -> {
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        assertThat(client(Duration.ofSeconds(20)).resolve(url, MESSAGE)).isEqualTo(answer);
    }

    @Test
    void whenContentLengthAboveLimitThenRefusedWithoutReadingTheBody() throws Exception {
        String url = https(exchange -> stream(exchange, HUGE, HUGE));
        assertThatThrownBy(() -> client(Duration.ofSeconds(20)).resolve(url, MESSAGE))
                .isInstanceOfSatisfying(SamlValidationException.class,
                        e -> assertThat(e.reason()).isEqualTo(SamlReason.INPUT_TOO_LARGE));
        assertThat(handlerDone.await(10, TimeUnit.SECONDS)).as("the IdP side saw the exchange end").isTrue();
        assertThat(connectionClosedByClient).as("connection closed, not drained").isTrue();
        assertThat(written.get()).isLessThan(HUGE / 4);
    }

    @Test
    void whenStreamedAnswerPassesLimitThenReadingStopsThere() throws Exception {
        String url = https(exchange -> stream(exchange, 0, HUGE)); // chunked: no Content-Length to go by
        assertThatThrownBy(() -> client(Duration.ofSeconds(20)).resolve(url, MESSAGE))
                .isInstanceOfSatisfying(SamlValidationException.class,
                        e -> assertThat(e.reason()).isEqualTo(SamlReason.INPUT_TOO_LARGE));
        assertThat(handlerDone.await(10, TimeUnit.SECONDS)).as("the IdP side saw the exchange end").isTrue();
        assertThat(connectionClosedByClient).as("connection closed, not drained").isTrue();
        assertThat(written.get()).isLessThan(HUGE / 4);
    }

    @Test
    void whenAnswerDripsSlowlyThenTheDeadlineEndsIt() throws Exception {
        String url = https(exchange -> {
            exchange.sendResponseHeaders(200, 10_000);
            OutputStream out = exchange.getResponseBody();
            try {
                for (int i = 0; i < 10_000; i++) { // one byte every 100 ms: 1000 s for the whole answer
                    out.write('x');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                connectionClosedByClient.set(true);
            }
            handlerDone.countDown();
        });
        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(15), () ->
                assertThatThrownBy(() -> client(Duration.ofSeconds(2)).resolve(url, MESSAGE))
                        .isInstanceOf(IOException.class).hasMessageContaining("not complete within"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void whenAddressIsPlainHttpThenNothingIsSent() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(executor);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/resolve";

        assertThatThrownBy(() -> client(Duration.ofSeconds(20)).resolve(url, MESSAGE))
                .isInstanceOfSatisfying(SamlValidationException.class,
                        e -> assertThat(e.reason()).isEqualTo(SamlReason.INSECURE_ENDPOINT));
        assertThat(requests).as("requests that reached the http address").hasValue(0);
    }

    @Test
    void whenStatusIsNotOkThenRefused() throws Exception {
        String url = https(exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        assertThatThrownBy(() -> client(Duration.ofSeconds(20)).resolve(url, MESSAGE))
                .isInstanceOf(IOException.class).hasMessageContaining("HTTP 500");
    }

    /** Writes {@code total} bytes (declaring {@code contentLength}; 0 = chunked), counting what the socket took. */
    private void stream(HttpExchange exchange, long contentLength, long total) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        exchange.sendResponseHeaders(200, contentLength);
        byte[] chunk = new byte[64 * 1024];
        try {
            OutputStream out = exchange.getResponseBody();
            while (written.get() < total) {
                out.write(chunk);
                written.addAndGet(chunk.length);
            }
            out.close();
        } catch (IOException e) {
            connectionClosedByClient.set(true);
        } finally {
            handlerDone.countDown();
        }
    }

    private String https(HttpHandler handler) throws Exception {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext()));
        https.createContext("/resolve", handler);
        https.setExecutor(executor);
        https.start();
        server = https;
        return "https://127.0.0.1:" + https.getAddress().getPort() + "/resolve";
    }

    private static ArtifactResolutionClient client(Duration deadline) {
        var credentials = new SpCredentials(new SigningCredential(SP.keyPair().getPrivate(), SP.certificate()),
                SP.keyPair().getPrivate(), List.of(SP.certificate()));
        var idp = new DigidIdp("https://idp.example.test", "https://idp.example.test/sso",
                "https://127.0.0.1/resolve", List.of(SP.certificate().getPublicKey()),
                List.of(SERVER_TLS.certificate()));
        return new ArtifactResolutionClient(credentials, idp, new IdpEndpointRule(false), RANDOM, deadline);
    }

    private static SSLContext serverContext() throws Exception {
        char[] password = new char[0];
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", SERVER_TLS.keyPair().getPrivate(), password,
                new Certificate[]{SERVER_TLS.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, RANDOM);
        return context;
    }
}
