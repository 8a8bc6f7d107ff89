package nl.toegang.federation.upstream;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.TestRunSecrets;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * An OpenID Provider small enough to misbehave on purpose: discovery, JWKS, an authorization endpoint that signs
 * nobody in but answers at once with a code (or an error), a token endpoint that checks client_secret_basic and PKCE
 * and then hands out whatever ID token the test asks for, and userinfo. Each test sets what it needs through the
 * public fields and {@link #reset()}s the rest.
 */
final class FakeOpenIdProvider implements AutoCloseable {
    /** How the token endpoint signs the ID token. */
    enum Signing {
        /** RS256 with the key the JWKS publishes. */
        RS256,
        /** RS256 with a key the JWKS does not publish. */
        UNKNOWN_KEY,
        /** An unsecured JWT (alg none). */
        NONE,
        /** HS256 with the provider's RSA public key as the HMAC secret (the classic algorithm confusion). */
        HS256_WITH_PUBLIC_KEY
    }

    final String clientId;
    final String clientSecret;
    final RSAKey key;
    private final RSAKey otherKey;
    private final HttpServer server;
    private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();

    /** Every authorization request, in order. */
    final List<Map<String, String>> authorizations = new CopyOnWriteArrayList<>();
    /** Every token request's form, in order. */
    final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
    /** Every ID token handed out, in order. */
    final List<String> idTokens = new CopyOnWriteArrayList<>();

    volatile Signing signing;
    /** Changes to the ID token's claims before signing. */
    volatile UnaryOperator<JWTClaimsSet.Builder> tamper;
    /** Hand out this ID token instead of a new one (a replay). */
    volatile String replay;
    /** The acr the ID token asserts; null: none. */
    volatile String acr;
    /** Added to the discovery document (e.g. another issuer). */
    volatile Map<String, Object> discovery;
    /** The iss of the authorization answer: the issuer by default; null: no iss at all. */
    volatile String answerIss;
    /** An error to answer the authorization request with instead of a code. */
    volatile String answerError;
    /** The sub userinfo answers with; null: the ID token's. */
    volatile String userinfoSub;
    /** The state the logout endpoint returns with; null: the one it was given. */
    volatile String logoutState;
    /** Every end-session request, in order. */
    final List<Map<String, String>> logouts = new CopyOnWriteArrayList<>();

    FakeOpenIdProvider(String clientId, String clientSecret) throws Exception {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.key = new RSAKeyGenerator(2048).keyID("fake-1").keyUse(KeyUse.SIGNATURE).generate();
        this.otherKey = new RSAKeyGenerator(2048).keyID("fake-1").keyUse(KeyUse.SIGNATURE).generate();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/jwks", exchange -> json(exchange, 200, new JWKSet(key.toPublicJWK()).toJSONObject()));
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.createContext("/userinfo", this::userinfo);
        server.createContext("/logout", this::logout);
        server.start();
        reset();
    }

    void reset() {
        signing = Signing.RS256;
        tamper = UnaryOperator.identity();
        replay = null;
        acr = null;
        discovery = Map.of();
        answerIss = issuer();
        answerError = null;
        userinfoSub = null;
        logoutState = null;
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Map<String, String> lastAuthorization() {
        return authorizations.get(authorizations.size() - 1);
    }

    private void discovery(HttpExchange exchange) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer());
        document.put("authorization_endpoint", issuer() + "/authorize");
        document.put("token_endpoint", issuer() + "/token");
        document.put("jwks_uri", issuer() + "/jwks");
        document.put("userinfo_endpoint", issuer() + "/userinfo");
        document.put("end_session_endpoint", issuer() + "/logout");
        document.put("response_types_supported", List.of("code"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256", "HS256", "none"));
        document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        document.put("authorization_response_iss_parameter_supported", true);
        document.putAll(discovery);
        json(exchange, 200, document);
    }

    /** Answers at once: a code for whoever asks (the person "signed in"), with state and iss, or an error. */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> params = query(exchange.getRequestURI().getRawQuery());
        authorizations.add(params);
        StringBuilder location = new StringBuilder(params.get("redirect_uri")).append('?');
        if (answerError != null) {
            location.append("error=").append(Browser.enc(answerError));
        } else {
            String code = UUID.randomUUID().toString();
            codes.put(code, params);
            location.append("code=").append(code);
        }
        if (params.get("state") != null) {
            location.append("&state=").append(Browser.enc(params.get("state")));
        }
        if (answerIss != null) {
            location.append("&iss=").append(Browser.enc(answerIss));
        }
        exchange.getResponseHeaders().add("Location", location.toString());
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = query(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        tokenRequests.add(form);
        String expected = "Basic " + Base64.getEncoder().encodeToString((Browser.enc(clientId) + ":"
                + Browser.enc(clientSecret)).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            json(exchange, 401, Map.of("error", "invalid_client"));
            return;
        }
        Map<String, String> authorization = codes.remove(String.valueOf(form.get("code")));
        if (authorization == null || !authorization.get("redirect_uri").equals(form.get("redirect_uri"))
                || !s256(form.getOrDefault("code_verifier", "")).equals(authorization.get("code_challenge"))) {
            json(exchange, 400, Map.of("error", "invalid_grant"));
            return;
        }
        String idToken = replay != null ? replay : idToken(authorization);
        idTokens.add(idToken);
        String accessToken = "at-" + UUID.randomUUID();
        // The whole-run scan checks that Toegang never logs or audits the provider's tokens.
        TestRunSecrets.remember(idToken);
        TestRunSecrets.remember(accessToken);
        json(exchange, 200, Map.of("access_token", accessToken, "token_type", "Bearer", "expires_in", 300,
                "id_token", idToken));
    }

    /** RP-initiated logout: back to the post-logout redirect URI with the state (or the one the test chose). */
    private void logout(HttpExchange exchange) throws IOException {
        Map<String, String> params = query(exchange.getRequestURI().getRawQuery());
        logouts.add(params);
        String state = logoutState != null ? logoutState : params.get("state");
        exchange.getResponseHeaders().add("Location", params.get("post_logout_redirect_uri") + "?state="
                + Browser.enc(state));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void userinfo(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer at-")) {
            json(exchange, 401, Map.of("error", "invalid_token"));
            return;
        }
        json(exchange, 200, Map.of("sub", userinfoSub != null ? userinfoSub : "alice-at-partner",
                "given_name", "Alice", "family_name", "Partner", "email", "alice@partner.example"));
    }

    private String idToken(Map<String, String> authorization) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer()).subject("alice-at-partner").audience(clientId)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("nonce", authorization.get("nonce"))
                .claim("name", "Alice Partner").claim("email", "alice@partner.example")
                .claim("email_verified", true);
        if (acr != null) {
            claims.claim("acr", acr);
        }
        JWTClaimsSet set = tamper.apply(claims).build();
        try {
            return switch (signing) {
                case RS256, UNKNOWN_KEY -> {
                    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("fake-1")
                            .type(JOSEObjectType.JWT).build(), set);
                    jwt.sign(new RSASSASigner(signing == Signing.RS256 ? key : otherKey));
                    yield jwt.serialize();
                }
                case NONE -> new PlainJWT(set).serialize();
                case HS256_WITH_PUBLIC_KEY -> {
                    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("fake-1").build(),
                            set);
                    jwt.sign(new MACSigner(key.toPublicKey().getEncoded()));
                    yield jwt.serialize();
                }
            };
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return params;
    }

    private static void json(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
