package nl.toegang.benchmark;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One load-generating connection: a keep-alive HTTP client and, for browser flows, a tiny cookie jar. */
final class BenchClient {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Pattern JSON_FIELD = Pattern.compile("\"%s\"\\s*:\\s*\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> cookies = new HashMap<>();
    /** Device cookies per account that signed in on this connection. */
    private final Map<String, Map<String, String>> devices = new HashMap<>();
    /** {@code lockout.DeviceCookies.cookieName(realm)}: {@code TOEGANG_DEVICE_<realm>}. */
    private static final String DEVICE_COOKIE_PREFIX = "TOEGANG_DEVICE_";

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return response;
    }

    void clearCookies() {
        cookies.clear();
    }

    HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    HttpResponse<String> post(String url, Map<String, String> form, String basicAuth) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
        if (basicAuth != null) {
            request.header("Authorization", basicAuth);
        }
        return send(request);
    }

    /** authorize → login page → credential POST → authorize → code → token exchange. Returns the token JSON. */
    String login(String issuer, String clientId, String basicAuth, String redirectUri, String email, String password)
            throws Exception {
        // A person coming back to a browser they used before: the session is gone, the long-lived device cookie
        // (trusted-device budget, no new-device email) is not. Devices are kept per account, as browsers would.
        clearCookies();
        Map<String, String> device = devices.get(email);
        if (device != null) {
            cookies.putAll(device);
        }
        try {
            return passwordLogin(issuer, clientId, basicAuth, redirectUri, email, password);
        } finally {
            Map<String, String> kept = new HashMap<>();
            cookies.forEach((name, value) -> {
                if (name.startsWith(DEVICE_COOKIE_PREFIX)) {
                    kept.put(name, value);
                }
            });
            devices.put(email, kept);
        }
    }

    private String passwordLogin(String issuer, String clientId, String basicAuth, String redirectUri, String email,
                                 String password) throws Exception {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String authorize = issuer + "/oauth2/authorize?" + form(Map.of("response_type", "code", "client_id", clientId,
                "redirect_uri", redirectUri, "scope", "openid profile email", "state", "s", "nonce", "n",
                "code_challenge", challenge, "code_challenge_method", "S256"));
        var first = get(authorize);
        String loginUrl = URI.create(issuer).resolve(first.headers().firstValue("Location").orElseThrow()).toString();
        var page = get(loginUrl);
        Matcher csrf = CSRF.matcher(page.body());
        if (!csrf.find()) {
            throw new IllegalStateException("no csrf");
        }
        var posted = post(loginUrl, Map.of("email", email, "password", password, "_csrf", csrf.group(1)), null);
        String back = posted.headers().firstValue("Location").orElseThrow();
        if (back.contains("?error") || back.contains("?wait") || back.contains("?locked")) {
            throw new IllegalStateException("login refused: " + back);
        }
        var redirect = get(URI.create(issuer).resolve(back).toString());
        String location = redirect.headers().firstValue("Location").orElseThrow();
        String code = URI.create(location).getQuery().split("code=")[1].split("&")[0];
        var tokens = post(issuer + "/oauth2/token", Map.of("grant_type", "authorization_code",
                "code", java.net.URLDecoder.decode(code, StandardCharsets.UTF_8), "redirect_uri", redirectUri,
                "code_verifier", verifier), basicAuth);
        if (tokens.statusCode() != 200) {
            throw new IllegalStateException("token exchange " + tokens.statusCode());
        }
        return tokens.body();
    }

    private static final Pattern KEYCLOAK_FORM = Pattern.compile("id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    /**
     * The same browser login at Keycloak: authorize → its login page → credential POST → code → token exchange, with
     * PKCE and a fresh browser each time (Keycloak has no device cookie to keep). Returns the token JSON.
     */
    String keycloakLogin(String issuer, String clientId, String basicAuth, String redirectUri, String email,
                         String password) throws Exception {
        clearCookies();
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        var page = get(issuer + "/protocol/openid-connect/auth?" + form(Map.of("response_type", "code",
                "client_id", clientId, "redirect_uri", redirectUri, "scope", "openid profile email", "state", "s",
                "nonce", "n", "code_challenge", challenge, "code_challenge_method", "S256")));
        Matcher action = KEYCLOAK_FORM.matcher(page.body());
        if (page.statusCode() != 200 || !action.find()) {
            throw new IllegalStateException("no Keycloak login form: " + page.statusCode());
        }
        var posted = post(action.group(1).replace("&amp;", "&"), Map.of("username", email, "password", password,
                "credentialId", ""), null);
        String location = posted.headers().firstValue("Location").orElseThrow(
                () -> new IllegalStateException("Keycloak login refused: " + posted.statusCode()));
        String code = URI.create(location).getQuery().split("code=")[1].split("&")[0];
        var tokens = post(issuer + "/protocol/openid-connect/token", Map.of("grant_type", "authorization_code",
                "code", java.net.URLDecoder.decode(code, StandardCharsets.UTF_8), "redirect_uri", redirectUri,
                "code_verifier", verifier), basicAuth);
        if (tokens.statusCode() != 200) {
            throw new IllegalStateException("Keycloak token exchange " + tokens.statusCode());
        }
        return tokens.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile(String.format(JSON_FIELD.pattern(), name)).matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name);
        }
        return m.group(1);
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    static String form(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
