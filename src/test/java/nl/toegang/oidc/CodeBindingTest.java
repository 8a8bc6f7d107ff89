package nl.toegang.oidc;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An authorization code is bound to the client, redirect URI, PKCE challenge and realm of the request that made it
 * (RFC 6749 §4.1.3, RFC 7636 §4.6): presented by anyone else, or in any other way, it gets {@code invalid_grant} and
 * no tokens. Every client here authenticates correctly, so only the binding can refuse.
 */
class CodeBindingTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String SECRET = "code-binding-secret-0123456789abcdef";
    static final String REDIRECT = "https://rp.example.test/callback";
    static final String OTHER_REDIRECT = "https://rp.example.test/other-callback";
    static final String ALICE = "alice@example.org";

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(dir.resolve("realms"));
        // Clients a and b share secret and redirect URI on purpose: only the code's binding tells them apart.
        String clients = """
                clients:
                  - clientId: a
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s, %3$s]
                    scopes: [openid, profile, email]
                  - clientId: b
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s, %3$s]
                    scopes: [openid, profile, email]
                  - clientId: spa
                    type: public
                    redirectUris: [%2$s]
                    scopes: [openid, profile, email]
                  - clientId: spa2
                    type: public
                    redirectUris: [%2$s]
                    scopes: [openid, profile, email]
                users:
                  - email: %4$s
                    password: %5$s
                    name: Alice
                    emailVerified: true
                """.formatted(SECRET, REDIRECT, OTHER_REDIRECT, ALICE, PASSWORD);
        Files.writeString(realms.resolve("portal.yaml"), "name: portal\ndisplayName: Portaal\n" + clients);
        Files.writeString(realms.resolve("other.yaml"), "name: other\ndisplayName: Other\n" + clients);
        Files.writeString(realms.resolve("brief.yaml"), """
                name: brief
                displayName: Brief
                settings:
                  authorizationCodeLifetime: 3s
                """ + clients);
        server = TestServer.embedded(dir.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A code for {@code clientId} in {@code realm}, with the verifier of its PKCE challenge. */
    record Issued(String code, String verifier) {
    }

    static OidcTestClient client(String realm, String clientId, String redirect) {
        boolean confidential = clientId.equals("a") || clientId.equals("b");
        return new OidcTestClient(server.issuer(realm), clientId, confidential ? SECRET : null, redirect);
    }

    static Issued issue(String realm, String clientId, String redirect) {
        var pkce = OidcTestClient.Pkce.create();
        var client = client(realm, clientId, redirect);
        var result = client.loginAndAuthorize(new Browser(),
                client.authorizationParams(pkce, "st-" + UUID.randomUUID(), "n-" + UUID.randomUUID()), ALICE,
                PASSWORD);
        assertThat(result).containsKey("code");
        return new Issued(result.get("code"), pkce.verifier());
    }

    static void assertInvalidGrant(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("access_token").doesNotContain("id_token");
        assertThat(OidcTestClient.json(response.body()).get("error").asString()).isEqualTo("invalid_grant");
    }

    static void assertTokens(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(OidcTestClient.json(response.body()).has("access_token")).isTrue();
    }

    /** Authorizations (with or without tokens) stored for a client: none means nothing was ever issued to it. */
    static long authorizationsOf(String realm, String clientId) {
        return server.bean(JdbcClient.class)
                .sql("SELECT count(*) FROM oauth2_authorization WHERE registered_client_id = ?")
                .param(RealmClientRepository.registeredClientId(realm, clientId)).query(Long.class).single();
    }

    @Test
    void whenConfidentialClientRedeemsAnotherClientsCodeThenInvalidGrantAndTheCodeIsSpent() {
        var issued = issue("portal", "a", REDIRECT);
        long bBefore = authorizationsOf("portal", "b");

        assertInvalidGrant(client("portal", "b", REDIRECT).redeemCode(issued.code(), issued.verifier()));
        assertThat(authorizationsOf("portal", "b")).as("nothing stored for b").isEqualTo(bBefore);
        // The code leaked: Spring's provider invalidates it, so its rightful client cannot use it either.
        assertInvalidGrant(client("portal", "a", REDIRECT).redeemCode(issued.code(), issued.verifier()));
    }

    @Test
    void whenPublicClientRedeemsAConfidentialClientsCodeThenInvalidGrant() {
        var issued = issue("portal", "a", REDIRECT);

        assertInvalidGrant(client("portal", "spa", REDIRECT).redeemCode(issued.code(), issued.verifier()));
    }

    @Test
    void whenConfidentialClientRedeemsAPublicClientsCodeThenInvalidGrant() {
        var issued = issue("portal", "spa", REDIRECT);

        assertInvalidGrant(client("portal", "a", REDIRECT).redeemCode(issued.code(), issued.verifier()));
    }

    @Test
    void whenPublicClientRedeemsAnotherPublicClientsCodeThenInvalidGrant() {
        var issued = issue("portal", "spa", REDIRECT);

        assertInvalidGrant(client("portal", "spa2", REDIRECT).redeemCode(issued.code(), issued.verifier()));
        assertThat(authorizationsOf("portal", "spa2")).isZero();
    }

    @Test
    void whenRedirectUriAtRedemptionDiffersFromTheAuthorizationRequestThenInvalidGrant() {
        // Both URIs are registered for a: only the one the code was issued to may be named.
        var issued = issue("portal", "a", REDIRECT);

        assertInvalidGrant(client("portal", "a", OTHER_REDIRECT).redeemCode(issued.code(), issued.verifier()));
    }

    @Test
    void whenRedirectUriIsLeftOutAtRedemptionThenInvalidGrant() {
        var issued = issue("portal", "a", REDIRECT);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", issued.code());
        form.put("code_verifier", issued.verifier());

        assertInvalidGrant(client("portal", "a", REDIRECT).tokenRequest(form));
    }

    @Test
    void whenVerifierOfAnotherFlowIsPresentedThenInvalidGrant() {
        var issued = issue("portal", "a", REDIRECT);
        var otherFlow = issue("portal", "a", REDIRECT);

        assertInvalidGrant(client("portal", "a", REDIRECT).redeemCode(issued.code(), otherFlow.verifier()));
        // The other flow's own code still works with its own verifier: the refusal was about the binding.
        assertTokens(client("portal", "a", REDIRECT).redeemCode(otherFlow.code(), otherFlow.verifier()));
    }

    @Test
    void whenPublicClientPresentsVerifierOfAnotherFlowThenInvalidGrant() {
        var issued = issue("portal", "spa", REDIRECT);
        var otherFlow = issue("portal", "spa", REDIRECT);

        assertInvalidGrant(client("portal", "spa", REDIRECT).redeemCode(issued.code(), otherFlow.verifier()));
    }

    @Test
    void whenCodeFromAnotherRealmIsRedeemedBySameNamedClientThenInvalidGrant() {
        // Client a exists in both realms with the same secret: only the realm binding refuses.
        var issued = issue("other", "a", REDIRECT);

        assertInvalidGrant(client("portal", "a", REDIRECT).redeemCode(issued.code(), issued.verifier()));
        var publicIssued = issue("other", "spa", REDIRECT);
        assertInvalidGrant(client("portal", "spa", REDIRECT).redeemCode(publicIssued.code(),
                publicIssued.verifier()));
    }

    @Test
    void whenCodeIsRedeemedAfterItsLifetimeThenInvalidGrant() throws Exception {
        // Spring checks a code's expiry against the real time (not the injected clock): the realm's lifetime is 3 s,
        // long enough for a fresh code to be redeemed on a busy machine.
        var issued = issue("brief", "a", REDIRECT);
        Thread.sleep(3_500);

        assertInvalidGrant(client("brief", "a", REDIRECT).redeemCode(issued.code(), issued.verifier()));
        var fresh = issue("brief", "a", REDIRECT);
        assertTokens(client("brief", "a", REDIRECT).redeemCode(fresh.code(), fresh.verifier()));
    }
}
