package nl.toegang.oidc;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static nl.toegang.oidc.ModernOAuthRealms.PASSWORD;
import static nl.toegang.oidc.ModernOAuthRealms.REDIRECT;
import static nl.toegang.oidc.ModernOAuthRealms.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pushed authorization requests (RFC 9126), DPoP (RFC 9449), the fapi2 client profile and pairwise subjects, all
 * through the HTTP interface of a started server.
 */
class ModernOAuthTest {
    private static final String ALICE = "alice@example.org";

    @TempDir
    static Path dir;
    static TestServer server;
    static final AdvancingClock clock = new AdvancingClock();
    static ECKey fapiKey;
    static ECKey dpopKey;
    static ECKey otherDpopKey;

    @BeforeAll
    static void start() throws Exception {
        fapiKey = new ECKeyGenerator(Curve.P_256).keyID("fapi-1").generate();
        dpopKey = new ECKeyGenerator(Curve.P_256).generate();
        otherDpopKey = new ECKeyGenerator(Curve.P_256).generate();
        Path realms = ModernOAuthRealms.write(dir.resolve("realms"),
                new JWKSet(fapiKey.toPublicJWK()).toString());
        server = TestServer.embedded(dir.resolve("data"), realms, Map.of()).withClock(clock).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void realTime() {
        clock.reset();
    }

    /** The real time plus an offset tests can move: DPoP proofs are made with the real time, so it must tick. */
    static final class AdvancingClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration duration) {
            offset = offset.plus(duration);
        }

        void reset() {
            offset = Duration.ZERO;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    // ---------------------------------------------------------------- helpers

    static String issuer(String realm) {
        return server.issuer(realm);
    }

    static HttpResponse<String> post(String url, Map<String, String> form, Map<String, String> headers) {
        var builder = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded");
        headers.forEach(builder::header);
        return new Browser().send(builder.POST(HttpRequest.BodyPublishers.ofString(Browser.formBody(form))).build());
    }

    static Map<String, String> basic(String clientId) {
        return Map.of("Authorization", OidcTestClient.basic(clientId, SECRET));
    }

    static HttpResponse<String> push(String realm, String clientId, Map<String, String> headers,
                                     OidcTestClient.Pkce pkce) {
        Map<String, String> form = new LinkedHashMap<>(new OidcTestClient(issuer(realm), clientId, SECRET, REDIRECT)
                .authorizationParams(pkce, "st-" + UUID.randomUUID(), "n-" + UUID.randomUUID()));
        return post(issuer(realm) + "/oauth2/par", form, headers);
    }

    static String requestUri(HttpResponse<String> pushed) {
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        return OidcTestClient.json(pushed.body()).get("request_uri").asString();
    }

    /** Signs in through the authorization endpoint and returns the parameters of the redirect to the client. */
    static Map<String, String> login(String realm, String clientId, String redirect, Map<String, String> params) {
        return new OidcTestClient(issuer(realm), clientId, SECRET, redirect)
                .loginAndAuthorize(new Browser(), params, ALICE, PASSWORD);
    }

    /**
     * A browser with alice signed in to the portal realm: Spring asks for a login before it looks at a request_uri,
     * so problems with one only show to a signed-in browser.
     */
    static Browser signedIn() {
        var browser = new Browser();
        var client = new OidcTestClient(issuer("portal"), "rp", SECRET, REDIRECT);
        assertThat(client.loginAndAuthorize(browser, client.authorizationParams(OidcTestClient.Pkce.create(), "s",
                "n"), ALICE, PASSWORD)).containsKey("code");
        return browser;
    }

    static String proof(ECKey key, String method, String uri, String accessToken, Instant issuedAt) throws Exception {
        var claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", method)
                .claim("htu", uri).issueTime(Date.from(issuedAt));
        if (accessToken != null) {
            claims.claim("ath", Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII))));
        }
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK()).build(), claims.build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    static String proof(ECKey key, String method, String uri) throws Exception {
        return proof(key, method, uri, null, Instant.now());
    }

    static String tokenUri(String realm) {
        return issuer(realm) + "/oauth2/token";
    }

    static String userinfoUri(String realm) {
        return issuer(realm) + "/userinfo";
    }

    static HttpResponse<String> clientCredentials(String clientId, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(basic(clientId));
        all.putAll(headers);
        return post(tokenUri("portal"), Map.of("grant_type", "client_credentials", "scope", "openid"), all);
    }

    static String error(HttpResponse<String> response) {
        return OidcTestClient.json(response.body()).get("error").asString();
    }

    static String thumbprint(ECKey key) throws Exception {
        return key.toPublicJWK().computeThumbprint().toString();
    }

    // ---------------------------------------------------------------- PAR

    @Nested
    class PushedAuthorizationRequests {

        @Test
        void whenPushedWithoutClientAuthenticationThenRefused() {
            var pushed = push("portal", "rp", Map.of(), OidcTestClient.Pkce.create());
            assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(401);

            var wrongSecret = push("portal", "rp", Map.of("Authorization", OidcTestClient.basic("rp", "wrong")),
                    OidcTestClient.Pkce.create());
            assertThat(wrongSecret.statusCode()).isEqualTo(401);
        }

        @Test
        void whenPushedWithClientAuthenticationThenRequestUriLeadsToCodeAndTokensOnce() {
            var pkce = OidcTestClient.Pkce.create();
            var pushed = push("portal", "rp", basic("rp"), pkce);
            String requestUri = requestUri(pushed);
            assertThat(OidcTestClient.json(pushed.body()).get("expires_in").asInt()).isEqualTo(60);

            var browser = new Browser();
            var client = new OidcTestClient(issuer("portal"), "rp", SECRET, REDIRECT);
            var result = client.loginAndAuthorize(browser, Map.of("client_id", "rp", "request_uri", requestUri),
                    ALICE, PASSWORD);
            assertThat(result).containsKey("code").containsEntry("iss", issuer("portal"));
            var tokens = client.redeemCode(result.get("code"), pkce.verifier());
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);

            // The same browser (signed in) presents the used request_uri again: no second code.
            var reused = browser.get(client.authorizationUrl(Map.of("client_id", "rp", "request_uri", requestUri)));
            assertThat(reused.statusCode()).isEqualTo(400);
            assertThat(reused.headers().firstValue("Location")).isEmpty();
        }

        @Test
        void whenRequestUriPresentedAfterSixtySecondsThenRefused() {
            var browser = signedIn();
            String requestUri = requestUri(push("portal", "rp", basic("rp"), OidcTestClient.Pkce.create()));
            clock.advance(Duration.ofSeconds(61));
            var late = browser.get(issuer("portal") + "/oauth2/authorize?"
                    + Browser.formBody(Map.of("client_id", "rp", "request_uri", requestUri)));
            assertThat(late.statusCode()).isEqualTo(400);
            assertThat(late.headers().firstValue("Location")).isEmpty();
        }

        @Test
        void whenRequestUriPresentedForAnotherClientOrRealmThenRefused() {
            var browser = signedIn();
            String requestUri = requestUri(push("portal", "rp", basic("rp"), OidcTestClient.Pkce.create()));
            var otherClient = browser.get(issuer("portal") + "/oauth2/authorize?"
                    + Browser.formBody(Map.of("client_id", "spa", "request_uri", requestUri)));
            assertThat(otherClient.statusCode()).isEqualTo(400);
            var otherRealm = browser.get(issuer("other") + "/oauth2/authorize?"
                    + Browser.formBody(Map.of("client_id", "rp", "request_uri", requestUri)));
            assertThat(otherRealm.headers().firstValue("Location").orElse(""))
                    .as("never a code: at most the other realm's own login").doesNotContain("code=");
            assertThat(otherRealm.statusCode()).isIn(302, 400);

            // Neither attempt used it up: the right client in the right realm still gets its code.
            var result = login("portal", "rp", REDIRECT, Map.of("client_id", "rp", "request_uri", requestUri));
            assertThat(result).containsKey("code");
        }

        @Test
        void whenClientRequiresParThenPlainRequestGetsErrorAtItsRedirectUri() {
            var client = new OidcTestClient(issuer("portal"), "par-rp", SECRET, REDIRECT);
            var plain = new Browser().get(client.authorizationUrl(
                    client.authorizationParams(OidcTestClient.Pkce.create(), "s1", "n1")));
            assertThat(plain.statusCode()).isEqualTo(302);
            assertThat(Browser.queryParams(Browser.location(plain)))
                    .containsEntry("error", "invalid_request").containsEntry("state", "s1")
                    .containsEntry("iss", issuer("portal"));
            assertThat(Browser.location(plain)).startsWith(REDIRECT);

            var pkce = OidcTestClient.Pkce.create();
            String requestUri = requestUri(push("portal", "par-rp", basic("par-rp"), pkce));
            var result = login("portal", "par-rp", REDIRECT, Map.of("client_id", "par-rp", "request_uri", requestUri));
            assertThat(client.redeemCode(result.get("code"), pkce.verifier()).statusCode()).isEqualTo(200);
        }

        @Test
        void discoveryAdvertisesParAndDpop() {
            var discovery = OidcTestClient.json(new Browser().get(issuer("portal")
                    + "/.well-known/openid-configuration").body());
            assertThat(discovery.get("pushed_authorization_request_endpoint").asString())
                    .isEqualTo(issuer("portal") + "/oauth2/par");
            assertThat(discovery.get("require_pushed_authorization_requests").asBoolean()).isFalse();
            assertThat(discovery.get("dpop_signing_alg_values_supported").toString())
                    .contains("ES256", "PS256").doesNotContain("HS256");
            assertThat(discovery.get("subject_types_supported").toString()).contains("public");
        }
    }

    // ---------------------------------------------------------------- DPoP

    @Nested
    class Dpop {

        @Test
        void whenPublicClientSendsProofThenTokensAreBoundAndUserinfoAndRefreshNeedTheKey() throws Exception {
            var pkce = OidcTestClient.Pkce.create();
            var spa = new OidcTestClient(issuer("portal"), "spa", null, REDIRECT);
            var code = spa.loginAndAuthorize(new Browser(), spa.authorizationParams(pkce, "s", "n"), ALICE, PASSWORD)
                    .get("code");
            var tokens = post(tokenUri("portal"), Map.of("grant_type", "authorization_code", "code", code,
                    "redirect_uri", REDIRECT, "code_verifier", pkce.verifier(), "client_id", "spa"),
                    Map.of("DPoP", proof(dpopKey, "POST", tokenUri("portal"))));
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            var json = OidcTestClient.json(tokens.body());
            assertThat(json.get("token_type").asString()).isEqualTo("DPoP");
            String accessToken = json.get("access_token").asString();
            Map<String, Object> cnf = spa.verify(accessToken).getJSONObjectClaim("cnf");
            assertThat(cnf).containsEntry("jkt", thumbprint(dpopKey));

            String userinfo = userinfoUri("portal");
            assertThat(new Browser().get(userinfo, Map.of("Authorization", "Bearer " + accessToken)).statusCode())
                    .as("a bound token is no bearer token").isEqualTo(401);
            assertThat(new Browser().get(userinfo, Map.of("Authorization", "DPoP " + accessToken)).statusCode())
                    .as("no proof").isEqualTo(401);
            String good = proof(dpopKey, "GET", userinfo, accessToken, Instant.now());
            var ok = new Browser().get(userinfo, Map.of("Authorization", "DPoP " + accessToken, "DPoP", good));
            assertThat(ok.statusCode()).as(ok.headers().map() + ok.body()).isEqualTo(200);
            assertThat(ok.body()).contains(ALICE);
            var replayed = new Browser().get(userinfo, Map.of("Authorization", "DPoP " + accessToken, "DPoP", good));
            assertThat(replayed.statusCode()).as("replayed proof").isEqualTo(401);
            assertThat(replayed.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_dpop_proof");
            assertThat(new Browser().get(userinfo, Map.of("Authorization", "DPoP " + accessToken,
                    "DPoP", proof(otherDpopKey, "GET", userinfo, accessToken, Instant.now()))).statusCode())
                    .as("another key").isEqualTo(401);
            assertThat(new Browser().get(userinfo, Map.of("Authorization", "DPoP " + accessToken,
                    "DPoP", proof(dpopKey, "POST", userinfo, accessToken, Instant.now()))).statusCode())
                    .as("wrong htm").isEqualTo(401);
            assertThat(new Browser().get(userinfo, Map.of("Authorization", "DPoP " + accessToken,
                    "DPoP", proof(dpopKey, "GET", userinfo, null, Instant.now()))).statusCode())
                    .as("no ath").isEqualTo(401);

            assertThat(json.get("refresh_token")).as("Spring gives public clients no refresh token").isNull();
        }

        @Test
        void whenClientRequiresDpopThenRefreshNeedsAProofOfTheBoundKey() throws Exception {
            var pkce = OidcTestClient.Pkce.create();
            var code = login("portal", "dpop-rp", REDIRECT, new OidcTestClient(issuer("portal"), "dpop-rp", SECRET,
                    REDIRECT).authorizationParams(pkce, "s", "n")).get("code");
            Map<String, String> redeem = Map.of("grant_type", "authorization_code", "code", code,
                    "redirect_uri", REDIRECT, "code_verifier", pkce.verifier());
            Map<String, String> headers = new LinkedHashMap<>(basic("dpop-rp"));
            headers.put("DPoP", proof(dpopKey, "POST", tokenUri("portal")));
            var tokens = post(tokenUri("portal"), redeem, headers);
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            String refreshToken = OidcTestClient.json(tokens.body()).get("refresh_token").asString();

            Map<String, String> refresh = Map.of("grant_type", "refresh_token", "refresh_token", refreshToken);
            var withoutProof = post(tokenUri("portal"), refresh, basic("dpop-rp"));
            assertThat(withoutProof.statusCode()).isEqualTo(400);
            assertThat(error(withoutProof)).isEqualTo("invalid_dpop_proof");
            Map<String, String> wrongKey = new LinkedHashMap<>(basic("dpop-rp"));
            wrongKey.put("DPoP", proof(otherDpopKey, "POST", tokenUri("portal")));
            var refused = post(tokenUri("portal"), refresh, wrongKey);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(error(refused)).isEqualTo("invalid_dpop_proof");
            Map<String, String> rightKey = new LinkedHashMap<>(basic("dpop-rp"));
            rightKey.put("DPoP", proof(dpopKey, "POST", tokenUri("portal")));
            var refreshed = post(tokenUri("portal"), refresh, rightKey);
            assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
            var json = OidcTestClient.json(refreshed.body());
            assertThat(json.get("token_type").asString()).isEqualTo("DPoP");
            assertThat(new OidcTestClient(issuer("portal"), "dpop-rp", SECRET, REDIRECT)
                    .verify(json.get("access_token").asString()).getJSONObjectClaim("cnf"))
                    .containsEntry("jkt", thumbprint(dpopKey));
        }

        @Test
        void whenClientRequiresDpopThenTokenRequestWithoutProofIsRefused() throws Exception {
            var without = clientCredentials("dpop-rp", Map.of());
            assertThat(without.statusCode()).isEqualTo(400);
            assertThat(error(without)).isEqualTo("invalid_dpop_proof");

            var with = clientCredentials("dpop-rp", Map.of("DPoP", proof(dpopKey, "POST", tokenUri("portal"))));
            assertThat(with.statusCode()).as(with.body()).isEqualTo(200);
            assertThat(OidcTestClient.json(with.body()).get("token_type").asString()).isEqualTo("DPoP");

            var optional = clientCredentials("rp", Map.of());
            assertThat(OidcTestClient.json(optional.body()).get("token_type").asString())
                    .as("optional: bearer without a proof").isEqualTo("Bearer");
        }

        @Test
        void whenProofIsBrokenThenTokenRequestIsRefused() throws Exception {
            String uri = tokenUri("portal");
            String once = proof(dpopKey, "POST", uri);
            assertThat(clientCredentials("rp", Map.of("DPoP", once)).statusCode()).isEqualTo(200);
            assertRefused(once, "replayed proof");
            assertRefused(proof(dpopKey, "GET", uri), "wrong htm");
            assertRefused(proof(dpopKey, "POST", issuer("portal") + "/oauth2/par"), "wrong htu");
            assertRefused(proof(dpopKey, "POST", issuer("other") + "/oauth2/token"), "other realm's htu");
            assertRefused(proof(dpopKey, "POST", uri, null, Instant.now().minusSeconds(120)), "stale iat");
            assertRefused(proof(dpopKey, "POST", uri, null, Instant.now().plusSeconds(120)), "iat in the future");

            var claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", "POST")
                    .claim("htu", uri).issueTime(new Date()).build();
            var hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("dpop+jwt"))
                    .build(), claims);
            hmac.sign(new MACSigner(new byte[32]));
            assertRefused(hmac.serialize(), "HS256");
            String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    "{\"alg\":\"none\",\"typ\":\"dpop+jwt\"}".getBytes(StandardCharsets.UTF_8)) + "."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
            assertRefused(none, "alg none");

            var wrongType = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                    .jwk(dpopKey.toPublicJWK()).build(), claims);
            wrongType.sign(new ECDSASigner(dpopKey));
            assertRefused(wrongType.serialize(), "typ JWT");
            var noJwk = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                    .type(new JOSEObjectType("dpop+jwt")).build(), claims);
            noJwk.sign(new ECDSASigner(dpopKey));
            assertRefused(noJwk.serialize(), "no jwk");
        }

        private void assertRefused(String proof, String why) {
            var response = clientCredentials("rp", Map.of("DPoP", proof));
            assertThat(response.statusCode()).as(why + ": " + response.body()).isEqualTo(400);
            assertThat(error(response)).as(why).isEqualTo("invalid_dpop_proof");
        }
    }

    // ---------------------------------------------------------------- fapi2

    @Nested
    class Fapi2 {

        private PrivateKeyJWT assertion() throws Exception {
            Instant now = Instant.now();
            var claims = new JWTAuthenticationClaimsSet(new ClientID("fapi"),
                    List.of(new Audience(issuer("portal"))), Date.from(now.plusSeconds(60)), null, Date.from(now),
                    new JWTID());
            return new PrivateKeyJWT(claims, JWSAlgorithm.ES256, fapiKey.toECPrivateKey(), fapiKey.getKeyID(), null);
        }

        @Test
        void whenFapi2ClientUsesParPkceDpopAndPrivateKeyJwtThenTheFlowWorksEndToEnd() throws Exception {
            var verifier = new CodeVerifier();
            var request = new AuthenticationRequest.Builder(new ResponseType("code"),
                    new Scope("openid", "email"), new ClientID("fapi"), URI.create(REDIRECT))
                    .state(new State()).nonce(new Nonce()).codeChallenge(verifier, CodeChallengeMethod.S256)
                    .endpointURI(URI.create(issuer("portal") + "/oauth2/authorize")).build();
            var pushed = PushedAuthorizationResponse.parse(new PushedAuthorizationRequest(
                    URI.create(issuer("portal") + "/oauth2/par"), assertion(), request).toHTTPRequest().send());
            assertThat(pushed.indicatesSuccess()).isTrue();
            URI requestUri = pushed.toSuccessResponse().getRequestURI();
            assertThat(pushed.toSuccessResponse().getLifetime()).isEqualTo(60);

            var result = login("portal", "fapi", REDIRECT,
                    Map.of("client_id", "fapi", "request_uri", requestUri.toString()));
            var dpop = new DefaultDPoPProofFactory(dpopKey, JWSAlgorithm.ES256);
            URI token = URI.create(tokenUri("portal"));
            var tokenHttp = new TokenRequest(token, assertion(), new AuthorizationCodeGrant(
                    new AuthorizationCode(result.get("code")), URI.create(REDIRECT), verifier), null).toHTTPRequest();
            tokenHttp.setDPoP(dpop.createDPoPJWT("POST", token));
            var tokens = OIDCTokenResponseParser.parse(tokenHttp.send());
            assertThat(tokens.indicatesSuccess()).as(() -> tokens.toErrorResponse().getErrorObject().toJSONObject()
                    .toString()).isTrue();
            var accessToken = ((OIDCTokenResponse) tokens.toSuccessResponse()).getOIDCTokens().getAccessToken();
            assertThat(accessToken.getType()).isEqualTo(AccessTokenType.DPOP);

            URI userinfo = URI.create(userinfoUri("portal"));
            var userinfoHttp = new UserInfoRequest(userinfo, (DPoPAccessToken) accessToken).toHTTPRequest();
            userinfoHttp.setDPoP(dpop.createDPoPJWT("GET", userinfo, accessToken));
            var answer = userinfoHttp.send();
            assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(200);
            assertThat(answer.getBody()).contains(ALICE);
        }

        @Test
        void whenFapi2ClientSkipsParOrDpopThenRefused() throws Exception {
            var client = new OidcTestClient(issuer("portal"), "fapi", null, REDIRECT);
            var plain = new Browser().get(client.authorizationUrl(
                    client.authorizationParams(OidcTestClient.Pkce.create(), "s", "n")));
            assertThat(Browser.queryParams(Browser.location(plain))).containsEntry("error", "invalid_request");

            var verifier = new CodeVerifier();
            var request = new AuthenticationRequest.Builder(new ResponseType("code"), new Scope("openid"),
                    new ClientID("fapi"), URI.create(REDIRECT)).state(new State()).nonce(new Nonce())
                    .codeChallenge(verifier, CodeChallengeMethod.S256).build();
            var pushed = PushedAuthorizationResponse.parse(new PushedAuthorizationRequest(
                    URI.create(issuer("portal") + "/oauth2/par"), assertion(), request).toHTTPRequest().send());
            var code = login("portal", "fapi", REDIRECT, Map.of("client_id", "fapi",
                    "request_uri", pushed.toSuccessResponse().getRequestURI().toString())).get("code");
            var grant = new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(REDIRECT), verifier);
            var noDpop = new TokenRequest(URI.create(tokenUri("portal")), assertion(), grant, null).toHTTPRequest()
                    .send();
            assertThat(noDpop.getStatusCode()).isEqualTo(400);
            assertThat(noDpop.getBody()).contains("invalid_dpop_proof");

            var secretAttempt = post(tokenUri("portal"), Map.of("grant_type", "client_credentials"),
                    Map.of("Authorization", OidcTestClient.basic("fapi", SECRET)));
            assertThat(secretAttempt.statusCode()).isEqualTo(401);
        }
    }

    // ---------------------------------------------------------------- pairwise subjects

    @Nested
    class PairwiseSubjects {

        private Map<String, String> signIn(Browser browser, String clientId, String redirect) {
            var client = new OidcTestClient(issuer("gov"), clientId, SECRET, redirect);
            var pkce = OidcTestClient.Pkce.create();
            var result = client.loginAndAuthorize(browser, client.authorizationParams(pkce, "s", "n"), ALICE,
                    PASSWORD);
            var tokens = client.redeemCode(result.get("code"), pkce.verifier());
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            var json = OidcTestClient.json(tokens.body());
            return Map.of("id_token", json.get("id_token").asString(),
                    "access_token", json.get("access_token").asString(),
                    "refresh_token", json.get("refresh_token").asString(),
                    "sub", client.verify(json.get("id_token").asString()).getSubject());
        }

        @Test
        void whenRealmIsNlgovThenSubIsPairwisePerSectorAndEveryEndpointAgrees() throws Exception {
            var a = signIn(new Browser(), "a", "https://a.example.test/cb");
            var b1 = signIn(new Browser(), "b", "https://b1.example.test/cb");
            var b2 = signIn(new Browser(), "b", "https://b2.example.test/cb");
            var c = signIn(new Browser(), "c", "https://c.example.test/cb");

            assertThat(a.get("sub")).as("another sector").isNotEqualTo(b1.get("sub"));
            assertThat(b1.get("sub")).as("two redirect hosts, one sector").isEqualTo(b2.get("sub"));
            assertThat(c.get("sub")).as("same sectorIdentifier").isEqualTo(b1.get("sub"));
            var gov = OidcTestClient.json(new Browser().get(issuer("gov") + "/.well-known/openid-configuration")
                    .body());
            assertThat(gov.get("subject_types_supported").toString()).contains("pairwise").doesNotContain("public");

            var client = new OidcTestClient(issuer("gov"), "a", SECRET, "https://a.example.test/cb");
            assertThat(client.verify(a.get("access_token")).getSubject()).as("access token").isEqualTo(a.get("sub"));
            var userinfo = new Browser().get(issuer("gov") + "/userinfo",
                    Map.of("Authorization", "Bearer " + a.get("access_token")));
            assertThat(OidcTestClient.json(userinfo.body()).get("sub").asString()).as("userinfo")
                    .isEqualTo(a.get("sub"));
            var introspection = client.postWithClientAuth("/oauth2/introspect", Map.of("token", a.get("access_token")));
            assertThat(OidcTestClient.json(introspection.body()).get("sub").asString()).as("introspection")
                    .isEqualTo(a.get("sub"));
            var refreshed = client.refresh(a.get("refresh_token"));
            assertThat(client.verify(OidcTestClient.json(refreshed.body()).get("id_token").asString()).getSubject())
                    .as("refreshed ID token").isEqualTo(a.get("sub"));
        }
    }
}
