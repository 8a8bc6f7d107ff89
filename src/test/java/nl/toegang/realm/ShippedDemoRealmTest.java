package nl.toegang.realm;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The realm files shipped in realms/ start as they are, and the demo user can sign in. */
@ExtendWith(OutputCaptureExtension.class)
class ShippedDemoRealmTest {
    @TempDir
    Path data;

    @Test
    void demoRealmStartsAnnouncesItselfAndAnswersDiscovery(CapturedOutput output) {
        try (TestServer server = TestServer.embedded(data, Path.of("realms"), Map.of()).start()) {
            String issuer = server.issuer("portal");
            assertThat(output.getOut()).contains("Realm portal ready: issuer " + issuer + " discovery " + issuer
                    + "/.well-known/openid-configuration");
            var discovery = new Browser().get(issuer + "/.well-known/openid-configuration", Map.of());
            assertThat(discovery.statusCode()).isEqualTo(200);
            assertThat(OidcTestClient.json(discovery.body()).get("issuer").asString()).isEqualTo(issuer);

            var client = new OidcTestClient(issuer, "demo-portal", "change-me",
                    "http://localhost:8081/login/oauth2/code/toegang");
            var pkce = OidcTestClient.Pkce.create();
            var result = client.loginAndAuthorize(new Browser(), client.authorizationParams(pkce, "s", "n"),
                    "alice@example.org", "Correct-Horse-Battery-42");
            assertThat(client.redeemCode(result.get("code"), pkce.verifier()).statusCode()).isEqualTo(200);
        }
    }
}
