package nl.toegang.federation.saml.mock;

import nl.toegang.testsupport.FreePort;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mock's artifact resolution service is bound before the web server takes its first request: a client that
 * keeps knocking while the server starts never sees the mock half-started (which used to be a 500 for ~100 ms).
 */
class MockStartupTest {
    @TempDir
    Path temp;

    @Test
    void aClientPollingWhileTheServerStartsNeverSeesAnError() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Test Portaal
                digid:
                  mock: true
                """);
        int port = FreePort.find();
        String metadata = "http://localhost:" + port + "/realms/portal/saml/metadata";
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        AtomicBoolean started = new AtomicBoolean();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Thread poller = new Thread(() -> {
            int afterStart = 0;
            // Bounded: stops a few answers after the server is up, or after five minutes if it never comes up.
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (afterStart < 5 && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                boolean upBefore = started.get();
                try {
                    statuses.add(http.send(HttpRequest.newBuilder(URI.create(metadata)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode());
                } catch (IOException e) {
                    pause(); // not listening yet; a short pause leaves the CPU to the starting server
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (upBefore) {
                    afterStart++;
                }
            }
        }, "metadata-poller");
        poller.setDaemon(true); // never outlives the test run, also when the server fails to start
        poller.start();
        TestServer server = TestServer.embedded(temp.resolve("data"), realms, Map.of("server.port",
                Integer.toString(port))).start();
        try {
            started.set(true);
            poller.join(Duration.ofMinutes(5).toMillis());
            assertThat(poller.isAlive()).isFalse();
            assertThat(statuses).as("every answer, from the very first one, is the signed metadata")
                    .isNotEmpty().containsOnly(200);
            assertThat(server.bean(MockDigidIdentity.class).artifactPort()).isPositive();
        } finally {
            poller.interrupt();
            server.stop();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
