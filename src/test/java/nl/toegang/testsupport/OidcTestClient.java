package nl.toegang.testsupport;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives the authorization code flow with PKCE over plain HTTP, hop by hop, like a relying party and a browser. */
public final class OidcTestClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String issuer;
    private final String clientId;
    private final String clientSecret;
    private final String redirectUri;

    public OidcTestClient(String issuer, String clientId, String clientSecret, String redirectUri) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.redirectUri = redirectUri;
        TestRunSecrets.remember(clientSecret);
    }

    public String issuer() {
        return issuer;
    }

    public record Pkce(String verifier, String challenge) {
        public static Pkce create() {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
                return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public Map<String, String> authorizationParams(Pkce pkce, String state, String nonce) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", clientId);
        p.put("redirect_uri", redirectUri);
        p.put("scope", "openid profile email");
        p.put("state", state);
        p.put("nonce", nonce);
        if (pkce != null) {
            p.put("code_challenge", pkce.challenge());
            p.put("code_challenge_method", "S256");
        }
        return p;
    }

    public String authorizationUrl(Map<String, String> params) {
        return issuer + "/oauth2/authorize?" + Browser.formBody(params);
    }

    /**
     * Runs authorize → login page → credential POST → back to authorize → redirect to the client, and returns the
     * query parameters of the final redirect to the client.
     */
    public Map<String, String> loginAndAuthorize(Browser browser, Map<String, String> params, String email,
                                                 String password) {
        var first = browser.get(authorizationUrl(params));
        assertThat(first.statusCode()).as("authorize answers with a redirect").isEqualTo(302);
        String loginUrl = Browser.resolve(first);
        assertThat(loginUrl).contains("/login");
        var loginPage = browser.get(loginUrl);
        assertThat(loginPage.statusCode()).isEqualTo(200);
        var posted = browser.postForm(loginUrl, Map.of("email", email, "password", password,
                "_csrf", Browser.csrfToken(loginPage.body())));
        assertThat(posted.statusCode()).as("credential POST answers 303").isEqualTo(303);
        var back = browser.get(Browser.resolve(posted));
        assertThat(back.statusCode()).isEqualTo(302);
        String toClient = Browser.location(back);
        assertThat(toClient).startsWith(redirectUri);
        return Browser.queryParams(toClient);
    }

    public HttpResponse<String> redeemCode(String code, String verifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        return tokenRequest(form);
    }

    public HttpResponse<String> refresh(String refreshToken) {
        return tokenRequest(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    public HttpResponse<String> clientCredentials(String scope) {
        return tokenRequest(Map.of("grant_type", "client_credentials", "scope", scope));
    }

    public HttpResponse<String> tokenRequest(Map<String, String> form) {
        var builder = HttpRequest.newBuilder(java.net.URI.create(issuer + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded");
        Map<String, String> body = new LinkedHashMap<>(form);
        if (clientSecret != null) {
            builder.header("Authorization", basic(clientId, clientSecret));
        } else {
            body.put("client_id", clientId);
        }
        return new Browser().send(builder.POST(HttpRequest.BodyPublishers.ofString(Browser.formBody(body))).build());
    }

    public HttpResponse<String> postWithClientAuth(String path, Map<String, String> form) {
        var request = HttpRequest.newBuilder(java.net.URI.create(issuer + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", basic(clientId, clientSecret))
                .POST(HttpRequest.BodyPublishers.ofString(Browser.formBody(form)))
                .build();
        return new Browser().send(request);
    }

    public static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (Browser.enc(id) + ":" + Browser.enc(secret)).getBytes(StandardCharsets.UTF_8));
    }

    public static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    /** Fetches the realm's JWKS and verifies the JWT's signature and issuer; returns its claims. */
    public JWTClaimsSet verify(String jwt) {
        try {
            var jwks = JWKSet.parse(new Browser().get(issuer + "/oauth2/jwks", Map.of()).body());
            var processor = new DefaultJWTProcessor<SecurityContext>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                    Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256), new ImmutableJWKSet<>(jwks)));
            JWTClaimsSet claims = processor.process(jwt, null);
            assertThat(claims.getIssuer()).isEqualTo(issuer);
            return claims;
        } catch (Exception e) {
            throw new AssertionError("JWT does not verify against " + issuer + ": " + e.getMessage(), e);
        }
    }
}
