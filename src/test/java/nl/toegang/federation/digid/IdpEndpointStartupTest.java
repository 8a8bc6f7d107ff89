package nl.toegang.federation.digid;

import nl.toegang.realm.RealmFileException;
import nl.toegang.realm.RealmFileParser;
import nl.toegang.testsupport.DigidMetadataRealm;
import nl.toegang.testsupport.DigidMetadataRealm.Endpoints;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every IdP endpoint in a realm's DigiD metadata must be https, in every profile: a plain-http artifact resolution,
 * SOAP logout, SSO or SLO address stops the real server at startup, and the error names the realm file and line, the
 * metadata file and the endpoint. Only the built-in mock on a loopback address may use http, only in development.
 */
class IdpEndpointStartupTest {
    private static final String REDIRECT = "https://rp.example.test/callback";
    private static final String ARTIFACT = "https://idp.example.test/resolve";

    @TempDir
    Path temp;

    private final DigidMetadataRealm idp = new DigidMetadataRealm();

    @Test
    void whenArtifactResolutionServiceIsHttpThenStartupStopsNamingRealmFileAndMetadataFile() throws Exception {
        var e = startWith(new Endpoints("https://idp.example.test/sso", "http://idp.example.test/resolve",
                "https://idp.example.test/slo", "https://idp.example.test/slo/soap"));
        assertThat(e.getMessage()).contains("ArtifactResolutionService").contains("http://idp.example.test/resolve");
    }

    @Test
    void whenSoapLogoutIsHttpThenStartupStops() throws Exception {
        var e = startWith(new Endpoints("https://idp.example.test/sso", ARTIFACT, "https://idp.example.test/slo",
                "http://idp.example.test/slo/soap"));
        assertThat(e.getMessage()).contains("SingleLogoutService").contains("http://idp.example.test/slo/soap");
    }

    @Test
    void whenSingleSignOnIsHttpThenStartupStops() throws Exception {
        var e = startWith(new Endpoints("http://idp.example.test/sso", ARTIFACT, "https://idp.example.test/slo",
                "https://idp.example.test/slo/soap"));
        assertThat(e.getMessage()).contains("SingleSignOnService").contains("http://idp.example.test/sso");
    }

    @Test
    void whenSingleLogoutIsHttpThenStartupStops() throws Exception {
        var e = startWith(new Endpoints("https://idp.example.test/sso", ARTIFACT, "http://idp.example.test/slo",
                "https://idp.example.test/slo/soap"));
        assertThat(e.getMessage()).contains("SingleLogoutService").contains("http://idp.example.test/slo");
    }

    @Test
    void whenEveryEndpointIsHttpsThenServerStartsAndPublishesSpMetadata() throws Exception {
        Path realms = temp.resolve("realms");
        idp.write(realms, REDIRECT, Endpoints.https(ARTIFACT));
        var server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
        try {
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(server.issuer("portal") + "/saml/metadata")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("EntityDescriptor");
        } finally {
            server.stop();
        }
    }

    @Test
    void whenMockOnLoopbackOverHttpThenAcceptedInDevelopmentOnly() throws Exception {
        Path realms = temp.resolve("realms");
        var mock = new Endpoints("http://localhost:8080/mock-digid/sso", "https://127.0.0.1:9443/mock-digid/resolve",
                "http://127.0.0.1:8080/mock-digid/slo", "https://127.0.0.1:9443/mock-digid/slo");
        Path file = idp.write(realms, REDIRECT, mock);

        assertThat(new RealmFileParser(name -> null, false).parse(file).digid()).isPresent();
        assertThatThrownBy(() -> new RealmFileParser(name -> null, true).parse(file))
                .isInstanceOfSatisfying(RealmFileException.class, e -> {
                    assertThat(e.line()).isEqualTo(DigidMetadataRealm.METADATA_LINE);
                    assertThat(e.problem()).contains("uses plain http").contains("/mock-digid/");
                });
    }

    @Test
    void whenHttpOnLoopbackButNotTheMockThenRefusedInDevelopment() throws Exception {
        Path realms = temp.resolve("realms");
        Path file = idp.write(realms, REDIRECT, new Endpoints("https://idp.example.test/sso",
                "http://127.0.0.1:9000/resolve", "https://idp.example.test/slo", "https://idp.example.test/slo/soap"));
        assertThatThrownBy(() -> new RealmFileParser(name -> null, false).parse(file))
                .isInstanceOfSatisfying(RealmFileException.class,
                        e -> assertThat(e.problem()).contains("http://127.0.0.1:9000/resolve"));
    }

    /** Starts a development server on a realm with these IdP endpoints and returns why it refused to start. */
    private RealmFileException startWith(Endpoints endpoints) throws Exception {
        Path realms = temp.resolve("realms");
        idp.write(realms, REDIRECT, endpoints);
        var server = TestServer.embedded(temp.resolve("data"), realms, Map.of());
        Throwable failure;
        try {
            server.start();
            server.stop();
            throw new AssertionError("server started with a plain-http IdP endpoint");
        } catch (RuntimeException expected) {
            failure = expected;
        }
        Throwable t = failure;
        while (t != null && !(t instanceof RealmFileException)) {
            t = t.getCause();
        }
        assertThat(t).as("cause chain contains RealmFileException: " + failure).isInstanceOf(RealmFileException.class);
        RealmFileException error = (RealmFileException) t;
        assertThat(error.file().getFileName().toString()).isEqualTo("portal.yaml");
        assertThat(error.line()).isEqualTo(DigidMetadataRealm.METADATA_LINE);
        assertThat(error.getMessage()).contains("portal.yaml").contains("idp-metadata.xml").contains("https");
        return error;
    }
}
