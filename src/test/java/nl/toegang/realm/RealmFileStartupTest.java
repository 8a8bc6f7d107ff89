package nl.toegang.realm;

import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A broken realm file stops the real server at startup with the file, line and problem in the error. */
class RealmFileStartupTest {
    @TempDir
    Path temp;

    private Throwable startWith(String yaml) throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("broken.yaml"), yaml);
        var server = TestServer.embedded(temp.resolve("data"), realms, Map.of());
        try {
            server.start();
            server.stop();
            throw new AssertionError("server started with a broken realm file");
        } catch (Exception expected) {
            Throwable t = expected;
            while (t != null && !(t instanceof RealmFileException)) {
                t = t.getCause();
            }
            assertThat(t).as("cause chain contains RealmFileException: " + expected).isNotNull();
            return t;
        }
    }

    @Test
    void duplicateClientIdStopsStartupNamingFileAndLine() throws Exception {
        var error = (RealmFileException) startWith("""
                name: portal
                displayName: Portal
                clients:
                  - clientId: a
                    type: public
                    redirectUris: [https://a.example/cb]
                  - clientId: a
                    type: public
                    redirectUris: [https://a.example/cb]
                """);
        assertThat(error.file().getFileName().toString()).isEqualTo("broken.yaml");
        assertThat(error.line()).isEqualTo(7);
        assertThat(error.getMessage()).contains("broken.yaml").contains("a");
    }

    @Test
    void unknownFieldStopsStartup() throws Exception {
        var error = (RealmFileException) startWith("""
                name: portal
                displayName: Portal
                colour: blue
                """);
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.problem()).contains("colour");
    }

    @Test
    void weakSecretStopsStartupInProduction() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Portal
                clients:
                  - clientId: rp
                    type: confidential
                    secret: change-me
                    redirectUris: [https://a.example/cb]
                """);
        var server = TestServer.embedded(temp.resolve("data"), realms, Map.of(
                "toegang.production", "true",
                "toegang.master-key", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="));
        assertThatThrownBy(server::start).hasStackTraceContaining("portal.yaml").hasStackTraceContaining("weak secret");
    }
}
