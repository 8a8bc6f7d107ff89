package nl.toegang.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import nl.toegang.oidc.keys.RealmKeyService;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys survive restarts; rotation publishes the new key before it signs and keeps the old one while it matters. */
class SigningKeyLifecycleTest {
    @TempDir
    Path temp;

    private Path realms() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(dir.resolve("portal.yaml"), """
                name: portal
                displayName: Portal
                clients:
                  - clientId: api
                    type: confidential
                    secret: s3cr3t-for-tests-only-0123456789abcdef
                    grantTypes: [client_credentials]
                    scopes: [api]
                """);
        return dir;
    }

    private static String signingKid(TestServer server) throws Exception {
        var client = new OidcTestClient(server.issuer("portal"), "api", "s3cr3t-for-tests-only-0123456789abcdef", null);
        var response = client.clientCredentials("api");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String token = OidcTestClient.json(response.body()).get("access_token").asString();
        client.verify(token);
        return SignedJWT.parse(token).getHeader().getKeyID();
    }

    private static JWKSet jwks(TestServer server) throws Exception {
        return JWKSet.parse(new Browser().get(server.issuer("portal") + "/oauth2/jwks", Map.of()).body());
    }

    @Test
    void theSameKeySignsAfterARestartAndJwksNeverShowsPrivateParts() throws Exception {
        try (TestServer server = TestServer.embedded(temp.resolve("data"), realms(), Map.of()).start()) {
            String kid = signingKid(server);
            JWKSet published = jwks(server);
            assertThat(published.getKeyByKeyId(kid)).isNotNull();
            assertThat(published.getKeys()).noneMatch(k -> k.isPrivate());

            server.restart();
            assertThat(signingKid(server)).isEqualTo(kid);
            assertThat(Files.readString(temp.resolve("data/master.key"))).isNotBlank();
        }
    }

    @Test
    void operatorCommandRotatesTheKeyOfAStoppedServer() throws Exception {
        TestServer server = TestServer.embedded(temp.resolve("data"), realms(), Map.of()).start();
        String before = signingKid(server);
        server.stop();

        var out = new java.io.ByteArrayOutputStream();
        String newKid = nl.toegang.oidc.keys.KeyRotationCommand.run(nl.toegang.ToegangApplication.class, "portal",
                new String[] {"--toegang.data-dir=" + temp.resolve("data"), "--toegang.realms-dir=" + temp.resolve("realms"),
                        "--spring.datasource.url=jdbc:h2:file:" + temp.resolve("data").resolve("toegang"),
                        "--rotate-keys=portal"}, new java.io.PrintStream(out, true));
        assertThat(out.toString()).contains("new kid " + newKid);
        assertThat(newKid).isNotEqualTo(before);

        server.start();
        try {
            assertThat(signingKid(server)).isEqualTo(newKid);
            assertThat(jwks(server).getKeyByKeyId(before)).isNotNull();
        } finally {
            server.stop();
        }
    }

    @Test
    void rotationSwitchesToAnAlreadyPublishedKeyAndKeepsTheOldOnePublished() throws Exception {
        try (TestServer server = TestServer.embedded(temp.resolve("data"), realms(), Map.of()).start()) {
            String oldKid = signingKid(server);
            JWKSet before = jwks(server);
            assertThat(before.getKeys()).as("the next key is published ahead of use").hasSize(2);
            String nextKid = before.getKeys().stream().map(k -> k.getKeyID())
                    .filter(k -> !k.equals(oldKid)).findFirst().orElseThrow();

            String newKid = server.bean(RealmKeyService.class).rotate("portal", "RS256", Duration.ofMinutes(10));
            assertThat(newKid).isEqualTo(nextKid);
            assertThat(signingKid(server)).isEqualTo(nextKid);

            JWKSet after = jwks(server);
            assertThat(after.getKeyByKeyId(oldKid)).as("old key stays published for its tokens").isNotNull();
            assertThat(after.getKeyByKeyId(nextKid)).isNotNull();
            assertThat(after.getKeys()).hasSize(3);
        }
    }
}
