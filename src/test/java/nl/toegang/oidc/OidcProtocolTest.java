package nl.toegang.oidc;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.OidcTestClient.Pkce;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static nl.toegang.oidc.TestRealms.PASSWORD;
import static nl.toegang.oidc.TestRealms.REDIRECT;
import static nl.toegang.oidc.TestRealms.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/** The OAuth 2.0 / OIDC rules of the foundation, each checked over real HTTP against a running server. */
class OidcProtocolTest {
    @TempDir
    static Path temp;
    static TestServer server;
    static RSAKey clientKey;
    static OidcTestClient portal;
    static OidcTestClient other;

    @BeforeAll
    static void start() throws Exception {
        clientKey = new RSAKeyGenerator(2048).keyID("client-key-1").generate();
        String jwks = new JWKSet(clientKey.toPublicJWK()).toString();
        TestRealms.write(temp.resolve("realms"), jwks);
        server = TestServer.embedded(temp.resolve("data"), temp.resolve("realms"), Map.of()).start();
        portal = new OidcTestClient(server.issuer("portal"), "rp", SECRET, REDIRECT);
        other = new OidcTestClient(server.issuer("other"), "rp", SECRET, REDIRECT);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    record Tokens(String accessToken, String refreshToken, String idToken) {
    }

    private Tokens login(OidcTestClient client, Browser browser) {
        Pkce pkce = Pkce.create();
        var params = client.authorizationParams(pkce, "st-" + UUID.randomUUID(), "n-" + UUID.randomUUID());
        var result = client.loginAndAuthorize(browser, params, "alice@example.org", PASSWORD);
        var response = client.redeemCode(result.get("code"), pkce.verifier());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var json = OidcTestClient.json(response.body());
        return new Tokens(json.get("access_token").asString(), json.get("refresh_token").asString(),
                json.get("id_token").asString());
    }

    @Test
    void discoveryIssuerEqualsTheUrlItIsServedUnder() {
        var response = new Browser().get(portal.issuer() + "/.well-known/openid-configuration", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        var doc = OidcTestClient.json(response.body());
        assertThat(doc.get("issuer").asString()).isEqualTo(portal.issuer());
        assertThat(doc.get("authorization_endpoint").asString()).isEqualTo(portal.issuer() + "/oauth2/authorize");
        assertThat(doc.get("jwks_uri").asString()).isEqualTo(portal.issuer() + "/oauth2/jwks");
        assertThat(doc.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
        assertThat(doc.get("response_types_supported").toString()).isEqualTo("[\"code\"]");
        assertThat(doc.get("grant_types_supported").toString()).doesNotContain("password", "implicit", "device_code");
        assertThat(doc.get("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
        assertThat(doc.get("end_session_endpoint").asString()).isEqualTo(portal.issuer() + "/connect/logout");
        assertThat(doc.get("introspection_endpoint").asString()).isEqualTo(portal.issuer() + "/oauth2/introspect");
        assertThat(doc.get("revocation_endpoint").asString()).isEqualTo(portal.issuer() + "/oauth2/revoke");

        var otherDoc = OidcTestClient.json(new Browser().get(other.issuer() + "/.well-known/openid-configuration",
                Map.of()).body());
        assertThat(otherDoc.get("issuer").asString()).isEqualTo(other.issuer());
        assertThat(otherDoc.get("id_token_signing_alg_values_supported").toString()).isEqualTo("[\"ES256\"]");
    }

    @Test
    void unknownRealmIsNotFound() {
        assertThat(new Browser().get(server.baseUrl() + "/realms/nope/.well-known/openid-configuration", Map.of())
                .statusCode()).isEqualTo(404);
        assertThat(new Browser().get(server.baseUrl() + "/realms/nope/login").statusCode()).isEqualTo(404);
    }

    @Test
    void codeFlowGivesVerifiedIdTokenWithAllRequiredClaims() throws Exception {
        Browser browser = new Browser();
        Pkce pkce = Pkce.create();
        var params = portal.authorizationParams(pkce, "state-123", "nonce-456");
        var result = portal.loginAndAuthorize(browser, params, "alice@example.org", PASSWORD);
        assertThat(result.get("state")).isEqualTo("state-123");
        assertThat(result.get("iss")).as("RFC 9207 iss parameter").isEqualTo(portal.issuer());

        var response = portal.redeemCode(result.get("code"), pkce.verifier());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var json = OidcTestClient.json(response.body());
        JWTClaimsSet id = portal.verify(json.get("id_token").asString());
        assertThat(id.getSubject()).isNotBlank();
        assertThat(id.getAudience()).containsExactly("rp");
        assertThat(id.getStringClaim("nonce")).isEqualTo("nonce-456");
        assertThat(id.getStringClaim("acr")).isEqualTo("urn:toegang:acr:password");
        assertThat(id.getStringListClaim("amr")).containsExactly("pwd");
        assertThat(id.getStringClaim("sid")).isNotBlank();
        assertThat(id.getJWTID()).isNotBlank();
        assertThat(id.getDateClaim("auth_time")).isNotNull();
        assertThat(id.getExpirationTime().getTime() - id.getIssueTime().getTime()).isEqualTo(300_000L);

        JWTClaimsSet access = portal.verify(json.get("access_token").asString());
        assertThat(access.getAudience()).contains("rp");
        assertThat(access.getStringClaim("client_id")).isEqualTo("rp");
        assertThat(access.getJWTID()).isNotBlank();
        assertThat(access.getClaim("scope").toString()).contains("openid");
        assertThat(access.getSubject()).isEqualTo(id.getSubject());

        var userinfo = new Browser().get(portal.issuer() + "/userinfo",
                Map.of("Authorization", "Bearer " + json.get("access_token").asString()));
        assertThat(userinfo.statusCode()).isEqualTo(200);
        var claims = OidcTestClient.json(userinfo.body());
        assertThat(claims.get("sub").asString()).isEqualTo(id.getSubject());
        assertThat(claims.get("email").asString()).isEqualTo("alice@example.org");
        assertThat(claims.get("name").asString()).isEqualTo("Alice Example");
    }

    @Test
    void realmWithEs256SignsItsTokensWithEs256() throws Exception {
        Tokens tokens = login(other, new Browser());
        assertThat(com.nimbusds.jwt.SignedJWT.parse(tokens.idToken()).getHeader().getAlgorithm().getName())
                .isEqualTo("ES256");
        assertThat(com.nimbusds.jwt.SignedJWT.parse(tokens.accessToken()).getHeader().getAlgorithm().getName())
                .isEqualTo("ES256");
        assertThat(other.verify(tokens.idToken()).getStringClaim("nonce")).startsWith("n-");
    }

    @Test
    void authorizationWithoutPkceIsRejected() {
        Browser browser = new Browser();
        login(portal, browser); // signed in, so the request reaches PKCE validation
        var params = portal.authorizationParams(null, "s", "n");
        var response = browser.get(portal.authorizationUrl(params));
        assertThat(response.statusCode()).isEqualTo(302);
        var query = Browser.queryParams(Browser.location(response));
        assertThat(query).containsEntry("error", "invalid_request").doesNotContainKey("code");
        assertThat(query.get("iss")).isEqualTo(portal.issuer());
    }

    @Test
    void plainPkceIsRejected() {
        Browser browser = new Browser();
        login(portal, browser);
        var params = new java.util.LinkedHashMap<>(portal.authorizationParams(null, "s", "n"));
        params.put("code_challenge", "plain-challenge-plain-challenge-plain-challenge-12");
        params.put("code_challenge_method", "plain");
        var response = browser.get(portal.authorizationUrl(params));
        var query = Browser.queryParams(Browser.location(response));
        assertThat(query).containsEntry("error", "invalid_request").doesNotContainKey("code");
    }

    @Test
    void redeemingWithoutTheVerifierFails() {
        Browser browser = new Browser();
        Pkce pkce = Pkce.create();
        var result = portal.loginAndAuthorize(browser, portal.authorizationParams(pkce, "s", "n"),
                "alice@example.org", PASSWORD);
        var wrong = portal.redeemCode(result.get("code"), Pkce.create().verifier());
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("invalid_grant");
    }

    @Test
    void redirectUriMismatchShowsAnErrorPageAndNeverRedirects() {
        Browser browser = new Browser();
        login(portal, browser);
        var params = new java.util.LinkedHashMap<>(portal.authorizationParams(Pkce.create(), "s", "n"));
        params.put("redirect_uri", "https://evil.example.test/callback");
        var response = browser.get(portal.authorizationUrl(params));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.body()).contains("invalid_request").doesNotContain("evil.example.test");

        params.put("redirect_uri", REDIRECT + "/extra");
        assertThat(browser.get(portal.authorizationUrl(params)).statusCode()).isEqualTo(400);
    }

    @Test
    void unknownClientShowsAnErrorPage() {
        var params = new java.util.LinkedHashMap<>(portal.authorizationParams(Pkce.create(), "s", "n"));
        params.put("client_id", "nobody");
        var response = new Browser().get(portal.authorizationUrl(params));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void replayedCodeFailsAndRevokesTheTokensIssuedForIt() {
        Browser browser = new Browser();
        Pkce pkce = Pkce.create();
        var result = portal.loginAndAuthorize(browser, portal.authorizationParams(pkce, "s", "n"),
                "alice@example.org", PASSWORD);
        var first = portal.redeemCode(result.get("code"), pkce.verifier());
        assertThat(first.statusCode()).isEqualTo(200);
        var tokens = OidcTestClient.json(first.body());

        var replay = portal.redeemCode(result.get("code"), pkce.verifier());
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("invalid_grant");

        var introspection = portal.postWithClientAuth("/oauth2/introspect",
                Map.of("token", tokens.get("access_token").asString()));
        assertThat(OidcTestClient.json(introspection.body()).get("active").asBoolean()).isFalse();
        assertThat(portal.refresh(tokens.get("refresh_token").asString()).statusCode()).isEqualTo(400);
    }

    @Test
    void concurrentRedemptionOfOneCodeHasExactlyOneWinner() throws Exception {
        Browser browser = new Browser();
        Pkce pkce = Pkce.create();
        var result = portal.loginAndAuthorize(browser, portal.authorizationParams(pkce, "s", "n"),
                "alice@example.org", PASSWORD);
        int parallel = 8;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> outcomes = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            outcomes.add(pool.submit((Callable<Integer>) () -> {
                go.await();
                return portal.redeemCode(result.get("code"), pkce.verifier()).statusCode();
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (var f : outcomes) {
            statuses.add(f.get());
        }
        pool.shutdown();
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s != 200).allMatch(s -> s == 400);
    }

    @Test
    void refreshTokensRotateAndReuseRevokesTheFamily() {
        Tokens tokens = login(portal, new Browser());
        var refreshed = portal.refresh(tokens.refreshToken());
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        String rotated = OidcTestClient.json(refreshed.body()).get("refresh_token").asString();
        assertThat(rotated).isNotEqualTo(tokens.refreshToken());

        var reuse = portal.refresh(tokens.refreshToken());
        assertThat(reuse.statusCode()).isEqualTo(400);
        assertThat(reuse.body()).contains("invalid_grant");
        assertThat(portal.refresh(rotated).statusCode()).as("the whole family is revoked").isEqualTo(400);
    }

    @Test
    void expiredCodeIsRejected() throws Exception {
        Browser browser = new Browser();
        Pkce pkce = Pkce.create();
        var result = other.loginAndAuthorize(browser, other.authorizationParams(pkce, "s", "n"),
                "alice@example.org", PASSWORD);
        Thread.sleep(2500); // the "other" realm's codes live 2 s
        var response = other.redeemCode(result.get("code"), pkce.verifier());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("invalid_grant");
    }

    @Test
    void wrongClientSecretIsRejected() {
        var client = new OidcTestClient(portal.issuer(), "rp", SECRET + "x", REDIRECT);
        var response = client.clientCredentials("openid");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("invalid_client");
    }

    @Test
    void clientCredentialsGivesAnAccessTokenOnly() throws Exception {
        var response = portal.clientCredentials("profile");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var json = OidcTestClient.json(response.body());
        assertThat(json.has("refresh_token")).isFalse();
        var claims = portal.verify(json.get("access_token").asString());
        assertThat(claims.getStringClaim("client_id")).isEqualTo("rp");
        assertThat(claims.getSubject()).isEqualTo("rp");
    }

    @Test
    void privateKeyJwtWorksOnceAndItsReplayIsRejected() throws Exception {
        String assertion = clientAssertion(portal.issuer(), UUID.randomUUID().toString());
        var first = clientAssertionRequest(assertion);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        var replay = clientAssertionRequest(assertion);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("invalid_client");
    }

    @Test
    void privateKeyJwtWithTheTokenEndpointAsAudienceOrWrongKeyIsRejected() throws Exception {
        var wrongAudience = clientAssertionRequest(
                clientAssertion(portal.issuer() + "/oauth2/token", UUID.randomUUID().toString()));
        assertThat(wrongAudience.statusCode()).isEqualTo(401);

        RSAKey stranger = new RSAKeyGenerator(2048).keyID("client-key-1").generate();
        var wrongKey = clientAssertionRequest(sign(stranger, portal.issuer(), UUID.randomUUID().toString()));
        assertThat(wrongKey.statusCode()).isEqualTo(401);
    }

    private static String clientAssertion(String audience, String jti) throws Exception {
        return sign(clientKey, audience, jti);
    }

    private static String sign(RSAKey key, String audience, String jti) throws Exception {
        var claims = new JWTClaimsSet.Builder().issuer("jwt-client").subject("jwt-client").audience(audience)
                .jwtID(jti).issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 60_000))
                .build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static HttpResponse<String> clientAssertionRequest(String assertion) {
        return new Browser().postForm(portal.issuer() + "/oauth2/token", Map.of(
                "grant_type", "client_credentials",
                "scope", "api",
                "client_id", "jwt-client",
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", assertion));
    }

    @Test
    void tokensAndCodesOfOneRealmAreWorthlessInAnother() {
        Browser browser = new Browser();
        Tokens tokens = login(portal, browser);

        var userinfo = new Browser().get(other.issuer() + "/userinfo",
                Map.of("Authorization", "Bearer " + tokens.accessToken()));
        assertThat(userinfo.statusCode()).isEqualTo(401);
        var introspection = other.postWithClientAuth("/oauth2/introspect", Map.of("token", tokens.accessToken()));
        assertThat(OidcTestClient.json(introspection.body()).get("active").asBoolean()).isFalse();
        assertThat(other.refresh(tokens.refreshToken()).statusCode()).isEqualTo(400);

        // A code from portal, redeemed at other's token endpoint by other's client with the same client id.
        Pkce pkce = Pkce.create();
        var result = portal.loginAndAuthorize(new Browser(), portal.authorizationParams(pkce, "s", "n"),
                "alice@example.org", PASSWORD);
        assertThat(other.redeemCode(result.get("code"), pkce.verifier()).statusCode()).isEqualTo(400);
        // ...and the code is still good where it belongs.
        assertThat(portal.redeemCode(result.get("code"), pkce.verifier()).statusCode()).isEqualTo(200);

        // The portal session does not sign the browser in to the other realm.
        var otherAuthorize = browser.get(other.authorizationUrl(other.authorizationParams(Pkce.create(), "s", "n")));
        assertThat(java.net.URI.create(Browser.location(otherAuthorize)).getPath()).endsWith("/realms/other/login");
    }

    @Test
    void revokedRefreshTokenNoLongerWorks() {
        Tokens tokens = login(portal, new Browser());
        var revoke = portal.postWithClientAuth("/oauth2/revoke",
                Map.of("token", tokens.refreshToken(), "token_type_hint", "refresh_token"));
        assertThat(revoke.statusCode()).isEqualTo(200);
        assertThat(portal.refresh(tokens.refreshToken()).statusCode()).isEqualTo(400);
    }

    @Test
    void introspectionDescribesAnActiveToken() {
        Tokens tokens = login(portal, new Browser());
        var response = portal.postWithClientAuth("/oauth2/introspect", Map.of("token", tokens.accessToken()));
        var json = OidcTestClient.json(response.body());
        assertThat(json.get("active").asBoolean()).isTrue();
        assertThat(json.get("client_id").asString()).isEqualTo("rp");
        assertThat(json.get("iss").asString()).isEqualTo(portal.issuer());
    }

    @Test
    void publicClientUsesPkceWithoutSecret() {
        var spa = new OidcTestClient(portal.issuer(), "spa", null, REDIRECT);
        Pkce pkce = Pkce.create();
        var result = spa.loginAndAuthorize(new Browser(), spa.authorizationParams(pkce, "s", "n"),
                "alice@example.org", PASSWORD);
        assertThat(spa.redeemCode(result.get("code"), pkce.verifier()).statusCode()).isEqualTo(200);
    }

    @Test
    void logoutWithIdTokenHintReturnsToTheRegisteredUriWithState() {
        Browser browser = new Browser();
        Tokens tokens = login(portal, browser);
        var logout = browser.get(portal.issuer() + "/connect/logout?" + Browser.formBody(Map.of(
                "id_token_hint", tokens.idToken(),
                "post_logout_redirect_uri", "https://rp.example.test/bye",
                "state", "bye-state")));
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(Browser.location(logout)).isEqualTo("https://rp.example.test/bye?state=bye-state");

        var again = browser.get(portal.authorizationUrl(portal.authorizationParams(Pkce.create(), "s", "n")));
        assertThat(Browser.location(again)).as("the session has ended").endsWith("/realms/portal/login");
    }

    @Test
    void logoutToAnUnregisteredUriIsRefused() {
        Browser browser = new Browser();
        Tokens tokens = login(portal, browser);
        var logout = browser.get(portal.issuer() + "/connect/logout?" + Browser.formBody(Map.of(
                "id_token_hint", tokens.idToken(),
                "post_logout_redirect_uri", "https://evil.example.test/")));
        assertThat(logout.statusCode()).isEqualTo(400);
        assertThat(logout.headers().firstValue("Location")).isEmpty();
    }
}
