package nl.toegang.testsupport;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A minimal cookie-keeping HTTP client that does not follow redirects, so tests see every hop, with one exception:
 * the account console's own OIDC round trip. A redirect to the authorization endpoint for client
 * {@code account-console}, the redirect from there to its {@code /account/callback}, and the callback's redirect back
 * to the console page are followed, as a real browser would, so "signed in, then GET /account" gives the page.
 * Where the round trip stops (the login page, a re-authentication, a refused callback) that response is returned.
 * {@link #withoutConsoleRoundTrip()} turns this off for tests of the round trip itself.
 */
public final class Browser {
    private static final String CONSOLE_CLIENT = "account-console";
    private static final int CONSOLE_HOPS = 3;
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Map<String, String> defaultHeaders;
    private boolean consoleRoundTrip = true;

    public Browser() {
        this(Map.of());
    }

    /** A browser that sends these headers with every request (e.g. a User-Agent). */
    public Browser(Map<String, String> defaultHeaders) {
        this.defaultHeaders = Map.copyOf(defaultHeaders);
    }

    /** This browser no longer follows the console's round trip: every hop is seen. */
    public Browser withoutConsoleRoundTrip() {
        this.consoleRoundTrip = false;
        return this;
    }

    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build());
    }

    public HttpResponse<String> get(String url, Map<String, String> headers) {
        var builder = HttpRequest.newBuilder(URI.create(url)).GET();
        headers.forEach(builder::header);
        return send(builder.build());
    }

    public HttpResponse<String> postForm(String url, Map<String, String> form) {
        rememberSecrets(form);
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)))
                .build());
    }

    public HttpResponse<String> postForm(String url, Map<String, String> form, Map<String, String> headers) {
        rememberSecrets(form);
        var builder = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
        headers.forEach(builder::header);
        return send(builder.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        HttpResponse<String> response = sendOnce(request);
        return consoleRoundTrip ? completeConsoleRoundTrip(request, response) : response;
    }

    /** Follows the hops of the console's OIDC sign-in (see the class comment); any other response ends it. */
    private HttpResponse<String> completeConsoleRoundTrip(HttpRequest original, HttpResponse<String> response) {
        for (int hop = 0; hop < CONSOLE_HOPS && isRedirect(response); hop++) {
            String next = resolve(response);
            String path = URI.create(next).getPath();
            boolean toConsoleAuthorize = path.endsWith("/oauth2/authorize")
                    && CONSOLE_CLIENT.equals(queryParams(next).get("client_id"));
            boolean toCallback = path.matches("/realms/[^/]+/account/callback");
            boolean fromCallback = response.uri().getPath().matches("/realms/[^/]+/account/callback");
            if (!toConsoleAuthorize && !toCallback && !fromCallback) {
                return response;
            }
            // Like a browser: the same language and user agent on every hop.
            var following = HttpRequest.newBuilder(URI.create(next)).GET();
            original.headers().map().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(value -> following.header(name, value));
                }
            });
            response = sendOnce(following.build());
        }
        return response;
    }

    private static boolean isRedirect(HttpResponse<?> response) {
        int status = response.statusCode();
        return (status == 301 || status == 302 || status == 303 || status == 307)
                && response.headers().firstValue("Location").isPresent();
    }

    private HttpResponse<String> sendOnce(HttpRequest request) {
        if (!defaultHeaders.isEmpty()) {
            var builder = HttpRequest.newBuilder(request, (name, value) -> true);
            defaultHeaders.forEach(builder::setHeader);
            request = builder.build();
        }
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            rememberSecrets(response);
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Form fields whose values are secrets: the whole-run scan checks no log or audit event has them. */
    private static final java.util.Set<String> SECRET_FIELDS = java.util.Set.of("password", "newPassword",
            "currentPassword", "client_secret", "refresh_token", "code", "code_verifier", "token", "client_assertion",
            "SAMLart");
    private static final Pattern TOKEN_JSON = Pattern.compile(
            "\"(access_token|refresh_token|id_token|client_secret)\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern RECOVERY_CODE = Pattern.compile("<code>([0-9A-Za-z]{5}-[0-9A-Za-z]{5})</code>");
    private static final Pattern CODE_PARAMETER = Pattern.compile("[?&#](?:code|SAMLart)=([^&#]+)");

    private static void rememberSecrets(Map<String, String> form) {
        form.forEach((name, value) -> {
            if (SECRET_FIELDS.contains(name)) {
                TestRunSecrets.remember(value);
            }
        });
    }

    private static void rememberSecrets(HttpResponse<String> response) {
        String body = response.body() == null ? "" : response.body();
        TOKEN_JSON.matcher(body).results().forEach(m -> TestRunSecrets.remember(m.group(2)));
        RECOVERY_CODE.matcher(body).results().forEach(m -> TestRunSecrets.remember(m.group(1)));
        response.headers().firstValue("Location").ifPresent(location -> CODE_PARAMETER.matcher(location).results()
                .forEach(m -> TestRunSecrets.remember(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8))));
    }

    public CookieManager cookies() {
        return cookies;
    }

    public static String csrfToken(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF token in page:\n" + html);
        }
        return m.group(1);
    }

    /**
     * The page an upstream login that did not complete shows: its answer is a 303 to the outcome page (a GET of its
     * own, post/redirect/get), which this browser then opens.
     */
    public HttpResponse<String> outcome(HttpResponse<String> answer) {
        if (answer.statusCode() != 303 || !location(answer).contains("/outcome")) {
            throw new AssertionError("expected a 303 to the outcome page, got " + answer.statusCode() + " "
                    + answer.headers().firstValue("Location").orElse("") + "\n" + answer.body());
        }
        return get(resolve(answer));
    }

    /** The value of the hidden field {@code name} (an auto-submitting form's SAMLResponse, RelayState, ...). */
    public static String hidden(HttpResponse<String> page, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\"\\s+value=\"([^\"]*)\"")
                .matcher(page.body());
        if (!m.find()) {
            throw new AssertionError(name + " in\n" + page.body());
        }
        return org.springframework.web.util.HtmlUtils.htmlUnescape(m.group(1));
    }

    /** The href of the page's language switch to {@code language} ("en", "nl"), unescaped. */
    public static String languageLink(String html, String language) {
        Matcher m = Pattern.compile("<a href=\"([^\"]*)\" lang=\"" + Pattern.quote(language) + "\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no language switch to " + language + " in page:\n" + html);
        }
        return org.springframework.web.util.HtmlUtils.htmlUnescape(m.group(1));
    }

    public static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location header, status " + response.statusCode()));
    }

    /** Resolves a possibly relative Location against the URL that produced it. */
    public static String resolve(HttpResponse<?> response) {
        return response.uri().resolve(location(response)).toString();
    }

    public static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    public static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static Map<String, String> queryParams(String url) {
        String query = URI.create(url).getRawQuery();
        if (query == null) {
            return Map.of();
        }
        return java.util.Arrays.stream(query.split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> java.net.URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        p -> p.length > 1 ? java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "",
                        (a, b) -> a));
    }
}
