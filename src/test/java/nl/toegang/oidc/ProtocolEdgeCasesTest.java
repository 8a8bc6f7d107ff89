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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests at the edge of the OAuth 2.0 / OIDC specs (issue 15 items 1–4), each over real HTTP: {@code prompt=none}
 * never shows a page, one client authentication method per request, malformed bodies and unsupported request
 * features get a precise error instead of a 500 or being silently ignored, and discovery says exactly that.
 */
class ProtocolEdgeCasesTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String OTHER_SECRET = "other-s3cr3t-for-tests-only-0123456789";
    static final String REDIRECT = "https://rp.example.test/callback";
    static final String ALICE = "alice@example.org";

    @TempDir
    static Path temp;
    static TestServer server;
    static RSAKey clientKey;
    static String issuer;

    @BeforeAll
    static void start() throws Exception {
        clientKey = new RSAKeyGenerator(2048).keyID("edge-key-1").generate();
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Portaal
                clients:
                  - clientId: rp
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s]
                    grantTypes: [authorization_code, refresh_token, client_credentials]
                    scopes: [openid, profile, email]
                  - clientId: rp2
                    type: confidential
                    secret: %3$s
                    redirectUris: [%2$s]
                    grantTypes: [authorization_code, refresh_token, client_credentials]
                    scopes: [openid, profile, email]
                  - clientId: mfa-rp
                    type: confidential
                    secret: %1$s
                    mfa: required
                    redirectUris: [%2$s]
                    scopes: [openid, profile, email]
                  - clientId: jwt-client
                    type: confidential
                    authenticationMethods: [private_key_jwt]
                    jwks: '%4$s'
                    grantTypes: [client_credentials]
                    scopes: [api]
                users:
                  - email: %5$s
                    password: %6$s
                    name: Alice Example
                    emailVerified: true
                """.formatted(SECRET, REDIRECT, OTHER_SECRET, new JWKSet(clientKey.toPublicJWK()).toString(),
                ALICE, PASSWORD));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
        issuer = server.issuer("portal");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    // ---------------------------------------------------------------- helpers

    static OidcTestClient client(String clientId) {
        return new OidcTestClient(issuer, clientId, "rp2".equals(clientId) ? OTHER_SECRET : SECRET, REDIRECT);
    }

    static Map<String, String> params(String clientId, String state, String... extra) {
        Map<String, String> params = new LinkedHashMap<>(client(clientId).authorizationParams(Pkce.create(), state,
                "n-" + UUID.randomUUID()));
        for (int i = 0; i < extra.length; i += 2) {
            params.put(extra[i], extra[i + 1]);
        }
        return params;
    }

    /** A browser with a password-only session in the portal realm (rp asks no second factor). */
    static Browser signedIn() {
        Browser browser = new Browser();
        assertThat(client("rp").loginAndAuthorize(browser, params("rp", "s"), ALICE, PASSWORD)).containsKey("code");
        return browser;
    }

    static HttpResponse<String> post(String path, String contentType, String body, Map<String, String> headers) {
        var builder = HttpRequest.newBuilder(URI.create(issuer + path));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        headers.forEach(builder::header);
        return new Browser().send(builder.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static HttpResponse<String> postForm(String path, Map<String, String> form, Map<String, String> headers) {
        return post(path, "application/x-www-form-urlencoded", Browser.formBody(form), headers);
    }

    static Map<String, String> basic(String clientId) {
        return Map.of("Authorization", OidcTestClient.basic(clientId, "rp2".equals(clientId) ? OTHER_SECRET : SECRET));
    }

    static String requestUri(HttpResponse<String> pushed) {
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        return OidcTestClient.json(pushed.body()).get("request_uri").asString();
    }

    /** The redirect back to the client: status, target, and no code. */
    static Map<String, String> errorAtClient(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        String location = Browser.location(response);
        assertThat(location).as("answered to the client, never a page").startsWith(REDIRECT);
        Map<String, String> query = Browser.queryParams(location);
        assertThat(query).doesNotContainKey("code").containsEntry("iss", issuer);
        return query;
    }

    static void assertOAuthError(HttpResponse<String> response, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        var json = OidcTestClient.json(response.body());
        assertThat(json.get("error").asString()).isEqualTo(error);
        assertThat(json.has("access_token")).isFalse();
        assertThat(json.has("request_uri")).isFalse();
        assertThat(json.has("active")).isFalse();
    }

    static String clientAssertion() throws Exception {
        var claims = new JWTClaimsSet.Builder().issuer("jwt-client").subject("jwt-client").audience(issuer)
                .jwtID(UUID.randomUUID().toString()).issueTime(new Date())
                .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(clientKey.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(clientKey));
        return jwt.serialize();
    }

    // ---------------------------------------------------------------- 1. prompt=none never shows a page

    @Test
    void whenPromptNoneAndTheClientNeedsASecondFactorTheSessionLacksThenInteractionRequiredAtTheClient() {
        Browser browser = signedIn();
        var response = browser.get(client("mfa-rp").authorizationUrl(params("mfa-rp", "st-mfa", "prompt", "none")));
        assertThat(errorAtClient(response)).containsEntry("error", "interaction_required")
                .containsEntry("state", "st-mfa");

        // Without prompt=none the same request leads the person to enrolment, as before.
        var interactive = browser.get(client("mfa-rp").authorizationUrl(params("mfa-rp", "st")));
        assertThat(Browser.location(interactive)).endsWith("/realms/portal/login/enrol");
    }

    @Test
    void whenPromptNoneAndTheMfaAcrIsAskedThenInteractionRequiredAtTheClient() {
        Browser browser = signedIn();
        var response = browser.get(client("rp").authorizationUrl(params("rp", "st-acr", "prompt", "none",
                "acr_values", "urn:toegang:acr:mfa")));
        assertThat(errorAtClient(response)).containsEntry("error", "interaction_required")
                .containsEntry("state", "st-acr");
    }

    @Test
    void whenPromptNoneAndTheSessionIsOlderThanMaxAgeThenLoginRequiredAtTheClient() throws Exception {
        Browser browser = signedIn();
        Thread.sleep(1_200);
        var response = browser.get(client("rp").authorizationUrl(params("rp", "st-age", "prompt", "none",
                "max_age", "1")));
        assertThat(errorAtClient(response)).containsEntry("error", "login_required")
                .containsEntry("state", "st-age");
    }

    @Test
    void whenPromptNoneAndNobodyIsSignedInThenLoginRequiredAtTheClient() {
        var response = new Browser().get(client("rp").authorizationUrl(params("rp", "st-anon", "prompt", "none")));
        assertThat(errorAtClient(response)).containsEntry("error", "login_required")
                .containsEntry("state", "st-anon");
    }

    @Test
    void whenPromptNoneAndTheSessionSufficesThenACodeWithoutAPage() {
        Browser browser = signedIn();
        var response = browser.get(client("rp").authorizationUrl(params("rp", "st-ok", "prompt", "none")));
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(Browser.queryParams(Browser.location(response))).containsKey("code")
                .containsEntry("state", "st-ok");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none login", "login none", "none consent", "none select_account"})
    void whenPromptNoneIsCombinedWithAnotherValueThenInvalidRequest(String prompt) {
        Browser browser = signedIn();
        var response = browser.get(client("rp").authorizationUrl(params("rp", "st-mix", "prompt", prompt)));
        assertThat(errorAtClient(response)).containsEntry("error", "invalid_request")
                .containsEntry("state", "st-mix");
        var anonymous = new Browser().get(client("rp").authorizationUrl(params("rp", "st-mix", "prompt", prompt)));
        assertThat(errorAtClient(anonymous)).containsEntry("error", "invalid_request");
    }

    @Test
    void whenPushedRequestHasPromptNoneThenTheClientGetsTheErrorNotAPage() {
        Map<String, String> pushedParams = params("mfa-rp", "st-par", "prompt", "none");
        String requestUri = requestUri(postForm("/oauth2/par", pushedParams, basic("mfa-rp")));
        var response = signedIn().get(client("mfa-rp").authorizationUrl(
                Map.of("client_id", "mfa-rp", "request_uri", requestUri)));
        assertThat(errorAtClient(response)).containsEntry("error", "interaction_required")
                .containsEntry("state", "st-par");

        String anonymousUri = requestUri(postForm("/oauth2/par", params("rp", "st-par-anon", "prompt", "none"),
                basic("rp")));
        var anonymous = new Browser().get(client("rp").authorizationUrl(
                Map.of("client_id", "rp", "request_uri", anonymousUri)));
        assertThat(errorAtClient(anonymous)).containsEntry("error", "login_required")
                .containsEntry("state", "st-par-anon");
    }

    // ---------------------------------------------------------------- 2. one client authentication method

    @Test
    void whenBasicForOneClientAndClientSecretForAnotherThenInvalidRequestAtEveryEndpoint() {
        Map<String, String> secondClient = Map.of("client_id", "rp2", "client_secret", OTHER_SECRET);
        assertOAuthError(postForm("/oauth2/token", with(secondClient, "grant_type", "client_credentials",
                "scope", "openid"), basic("rp")), "invalid_request");
        assertOAuthError(postForm("/oauth2/par", with(secondClient, params("rp2", "s")), basic("rp")),
                "invalid_request");
        assertOAuthError(postForm("/oauth2/introspect", with(secondClient, "token", "x"), basic("rp")),
                "invalid_request");
        assertOAuthError(postForm("/oauth2/revoke", with(secondClient, "token", "x"), basic("rp")),
                "invalid_request");
    }

    @Test
    void whenBasicAndAClientAssertionThenInvalidRequest() throws Exception {
        var response = postForm("/oauth2/token", Map.of("grant_type", "client_credentials", "scope", "api",
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", clientAssertion()), basic("rp"));
        assertOAuthError(response, "invalid_request");

        var secretAndAssertion = postForm("/oauth2/introspect", Map.of("token", "x", "client_id", "rp",
                "client_secret", SECRET,
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", clientAssertion()), Map.of());
        assertOAuthError(secretAndAssertion, "invalid_request");
    }

    @Test
    void oneMethodStillWorks() {
        var response = postForm("/oauth2/token", Map.of("grant_type", "client_credentials", "scope", "openid"),
                basic("rp"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var post = postForm("/oauth2/token", Map.of("grant_type", "client_credentials", "scope", "openid",
                "client_id", "rp2", "client_secret", OTHER_SECRET), Map.of());
        assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth2/token", "/oauth2/par", "/oauth2/introspect", "/oauth2/revoke"})
    void whenTheBodyIsMalformedThenInvalidRequestNotAServerError(String path) {
        assertOAuthError(post(path, "application/x-www-form-urlencoded", "", basic("rp")), "invalid_request");
        assertOAuthError(post(path, "application/json", "{\"grant_type\":\"client_credentials\"}", basic("rp")),
                "invalid_request");
        assertOAuthError(post(path, null, "\u0000\u00ff garbage", basic("rp")), "invalid_request");
        assertOAuthError(post(path, "application/x-www-form-urlencoded", "token=%zz&grant_type=%", basic("rp")),
                "invalid_request");
        assertOAuthError(post(path, "application/x-www-form-urlencoded", "grant_type=client_credentials"
                + "&grant_type=client_credentials&token=x&token=y&response_type=code&response_type=code",
                basic("rp")), "invalid_request");
    }

    // ---------------------------------------------------------------- 3. PAR with an empty body

    @Test
    void whenParBodyIsEmptyOrNotAFormThenInvalidRequest() {
        assertOAuthError(post("/oauth2/par", "application/x-www-form-urlencoded", "", basic("rp")),
                "invalid_request");
        assertOAuthError(post("/oauth2/par", "text/plain", "hello", basic("rp")), "invalid_request");
        assertOAuthError(postForm("/oauth2/par", Map.of("scope", "openid"), basic("rp")), "invalid_request");
    }

    // ---------------------------------------------------------------- 4. unsupported request features

    @ParameterizedTest
    @ValueSource(strings = {"form_post", "fragment", "query.jwt", "web_message", "jwt"})
    void whenResponseModeIsNotQueryThenInvalidRequestAtTheRegisteredRedirectUri(String mode) {
        var response = new Browser().get(client("rp").authorizationUrl(params("rp", "st-rm", "response_mode", mode)));
        assertThat(errorAtClient(response)).containsEntry("error", "invalid_request").containsEntry("state", "st-rm");
        assertThat(Browser.location(response)).doesNotContain("#");

        var signedIn = signedIn().get(client("rp").authorizationUrl(params("rp", "st-rm", "response_mode", mode)));
        assertThat(errorAtClient(signedIn)).containsEntry("error", "invalid_request");
    }

    @Test
    void responseModeQueryIsAccepted() {
        var response = signedIn().get(client("rp").authorizationUrl(params("rp", "st-q", "response_mode", "query")));
        assertThat(Browser.queryParams(Browser.location(response))).containsKey("code");
    }

    @Test
    void whenResponseModeIsRefusedAndTheRedirectUriIsNotRegisteredThenAnErrorPage() {
        var response = new Browser().get(client("rp").authorizationUrl(params("rp", "st", "response_mode",
                "form_post", "redirect_uri", "https://evil.example.test/cb")));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.body()).doesNotContain("evil.example.test");
    }

    @Test
    void whenARequestObjectIsSentThenRequestNotSupported() {
        String unsigned = "eyJhbGciOiJub25lIn0.eyJjbGllbnRfaWQiOiJycCIsInNjb3BlIjoib3BlbmlkIn0.";
        var response = signedIn().get(client("rp").authorizationUrl(params("rp", "st-ro", "request", unsigned)));
        assertThat(errorAtClient(response)).containsEntry("error", "request_not_supported")
                .containsEntry("state", "st-ro");
        var pushed = postForm("/oauth2/par", params("rp", "s", "request", unsigned), basic("rp"));
        assertOAuthError(pushed, "request_not_supported");
    }

    @Test
    void whenRegistrationIsSentThenRegistrationNotSupported() {
        var response = new Browser().get(client("rp").authorizationUrl(params("rp", "st-reg", "registration",
                "{\"logo_uri\":\"https://evil.example.test/logo.png\"}")));
        assertThat(errorAtClient(response)).containsEntry("error", "registration_not_supported")
                .containsEntry("state", "st-reg");
    }

    @Test
    void whenAPushedRequestHasAnUnsupportedResponseModeThenThePushIsRefused() {
        assertOAuthError(postForm("/oauth2/par", params("rp", "s", "response_mode", "form_post"), basic("rp")),
                "invalid_request");
    }

    @Test
    void discoveryAdvertisesExactlyWhatIsSupported() {
        var response = new Browser().get(issuer + "/.well-known/openid-configuration", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        var doc = OidcTestClient.json(response.body());
        assertThat(doc.get("response_modes_supported").toString()).isEqualTo("[\"query\"]");
        assertThat(doc.get("request_parameter_supported").asBoolean()).isFalse();
        assertThat(doc.get("request_uri_parameter_supported").asBoolean()).isTrue();
    }

    private static Map<String, String> with(Map<String, String> base, String... extra) {
        Map<String, String> all = new LinkedHashMap<>(base);
        for (int i = 0; i < extra.length; i += 2) {
            all.put(extra[i], extra[i + 1]);
        }
        return all;
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(more);
        all.putAll(base);
        return all;
    }
}
