package nl.toegang.outage;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import nl.toegang.config.PublicUrl;
import nl.toegang.config.ToegangProperties;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmFileParser;
import nl.toegang.realm.RealmRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The outage filter with the real templates and messages: what a person and a relying party get when a dependency
 * fails anywhere behind it, and that everything else passes through untouched.
 */
class DependencyOutageFilterTest {
    @TempDir
    Path temp;
    SimpleMeterRegistry registry;
    DependencyBreakers breakers;
    DependencyOutageFilter filter;
    MockServletContext servletContext = new MockServletContext();

    @BeforeEach
    void setUp() throws IOException {
        Path file = Files.writeString(temp.resolve("portal.yaml"), """
                name: portal
                displayName: Test Portaal
                texts:
                  support:
                    nl: Bel 0800-1234
                    en: Call 0800-1234
                clients:
                  - clientId: rp
                    type: public
                    redirectUris: ["https://rp.example.test/callback?x=1"]
                    grantTypes: [authorization_code]
                    scopes: [openid]
                """);
        RealmDefinition portal = new RealmFileParser(name -> null, false).parse(file);
        var resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
        var messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding(StandardCharsets.UTF_8.name());
        messages.setFallbackToSystemLocale(false);
        var templates = new SpringTemplateEngine();
        templates.setTemplateResolver(resolver);
        templates.setTemplateEngineMessageSource(messages);
        var locales = new CookieLocaleResolver("toegang-lang");
        // like the application's resolver: the browser's language when it sends one, else the realm default (nl)
        locales.setDefaultLocaleFunction(r -> r.getHeader("Accept-Language") != null ? r.getLocale()
                : Locale.forLanguageTag("nl"));
        registry = new SimpleMeterRegistry();
        var properties = new OutageProperties(Duration.ofSeconds(9), null);
        // Probes that never succeed: a breaker a test opens stays open.
        breakers = new DependencyBreakers(Map.of(Dependency.REDIS, () -> false), Clock.systemUTC(), properties,
                registry);
        var publicUrl = new PublicUrl(new ToegangProperties(temp, temp, "https://login.example.test", null,
                Duration.ZERO, false));
        filter = new DependencyOutageFilter(new OutageResponses(templates, new RealmRegistry(List.of(portal)),
                locales, properties, publicUrl), breakers, registry);
    }

    private MockHttpServletRequest request(String method, String path) {
        var request = new MockHttpServletRequest(servletContext, method, path);
        request.addHeader("Accept", "text/html");
        return request;
    }

    private static FilterChain failing(RuntimeException e) {
        return (req, res) -> {
            res.getWriter().write("half a page");
            throw new ServletException("Request processing failed", e);
        };
    }

    @Test
    void aPersonGetsTheRealmStyledPageInTheirLanguageWithRetryAfter() throws Exception {
        var request = request("POST", "/realms/portal/login");
        request.addHeader("Accept-Language", "en");
        var response = new MockHttpServletResponse();
        response.setHeader("Set-Cookie", "TOEGANG_SESSION=abc");
        MDC.put("correlationId", "req-12345678");
        try {
            filter.doFilter(request, response, failing(new RedisConnectionException("Unable to connect to 10.0.0.5:6379")));
        } finally {
            MDC.remove("correlationId");
        }

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("9");
        assertThat(response.getHeader("X-Request-Id")).isEqualTo("req-12345678");
        assertThat(response.getHeader("Set-Cookie")).as("what was prepared before the failure is dropped").isNull();
        assertThat(response.getHeader("Content-Security-Policy")).contains("frame-ancestors 'none'");
        String page = response.getContentAsString();
        assertThat(page).contains("Signing in is temporarily not possible", "Test Portaal",
                "href=\"/realms/portal/forgot\"", "Call 0800-1234", "lang=\"en\"")
                .doesNotContain("half a page", "10.0.0.5", "Redis", "Exception");
        assertThat(registry.counter(DependencyOutageFilter.METRIC, "dependency", "redis").count()).isEqualTo(1);
    }

    @Test
    void dutchIsTheDefaultAndTheLanguageSwitchWins() throws Exception {
        var response = new MockHttpServletResponse();
        filter.doFilter(request("GET", "/realms/portal/account"), response,
                failing(new CannotGetJdbcConnectionException("x", new SQLTransientConnectionException("timeout"))));
        assertThat(response.getContentAsString()).contains("Inloggen is tijdelijk niet mogelijk", "Bel 0800-1234");

        var switched = request("GET", "/realms/portal/account");
        switched.addHeader("Accept-Language", "nl");
        switched.setParameter("lang", "en");
        var english = new MockHttpServletResponse();
        filter.doFilter(switched, english,
                failing(new CannotGetJdbcConnectionException("x", new SQLTransientConnectionException("timeout"))));
        assertThat(english.getContentAsString()).contains("Signing in is temporarily not possible");
        assertThat(registry.counter(DependencyOutageFilter.METRIC, "dependency", "database").count()).isEqualTo(2);
    }

    @Test
    void protocolEndpointsGetAnOAuthErrorInJson() throws Exception {
        for (String path : List.of("/realms/portal/oauth2/token", "/realms/portal/oauth2/introspect",
                "/realms/portal/userinfo", "/realms/portal/oauth2/jwks",
                "/realms/portal/.well-known/openid-configuration", "/admin/realms/portal/users")) {
            var response = new MockHttpServletResponse();
            filter.doFilter(new MockHttpServletRequest(servletContext, "POST", path), response,
                    failing(new RedisConnectionException("down")));
            assertThat(response.getStatus()).as(path).isEqualTo(503);
            assertThat(response.getContentType()).as(path).startsWith("application/json");
            assertThat(response.getHeader("Retry-After")).isEqualTo("9");
            assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
            assertThat(response.getContentAsString()).as(path).isEqualTo(OutageResponses.OAUTH_ERROR);
        }
    }

    @Test
    void theAuthorizationEndpointIsABrowserPageAndScriptsAskingForJsonGetJson() throws Exception {
        var authorize = new MockHttpServletResponse();
        filter.doFilter(request("GET", "/realms/portal/oauth2/authorize"), authorize,
                failing(new RedisConnectionException("down")));
        assertThat(authorize.getContentType()).startsWith("text/html");

        var script = new MockHttpServletRequest(servletContext, "POST", "/realms/portal/passkeys/login");
        script.addHeader("Accept", "application/json");
        var json = new MockHttpServletResponse();
        filter.doFilter(script, json, failing(new RedisConnectionException("down")));
        assertThat(json.getContentAsString()).contains("temporarily_unavailable");
    }

    @Test
    void aSilentAuthorizationRequestGoesBackToItsRegisteredRedirectUriWithTheErrorStateAndIssuer() throws Exception {
        var silent = request("GET", "/realms/portal/oauth2/authorize");
        silent.setParameter("client_id", "rp");
        silent.setParameter("redirect_uri", "https://rp.example.test/callback?x=1");
        silent.setParameter("prompt", "none");
        silent.setParameter("state", "a b&c=ü");
        var response = new MockHttpServletResponse();
        filter.doFilter(silent, response, failing(new RedisConnectionException("down")));

        assertThat(response.getStatus()).isEqualTo(302);
        assertThat(response.getHeader("Location")).isEqualTo("https://rp.example.test/callback?x=1"
                + "&error=temporarily_unavailable&error_description=The%20sign-in%20service%20is%20temporarily%20"
                + "unavailable&state=a%20b%26c%3D%C3%BC&iss=https%3A%2F%2Flogin.example.test%2Frealms%2Fportal");
        assertThat(response.getContentAsString()).isEmpty();
        assertThat(registry.counter(DependencyOutageFilter.METRIC, "dependency", "redis").count()).isEqualTo(1);
    }

    @Test
    void aSilentRequestWithAnythingNotRegisteredExactlyGetsThePageNotARedirect() throws Exception {
        Map<String, String[]> cases = Map.of(
                "unregistered redirect URI", new String[]{"rp", "https://rp.example.test/callback", "none"},
                "another host", new String[]{"rp", "https://evil.example/callback?x=1", "none"},
                "unknown client", new String[]{"other", "https://rp.example.test/callback?x=1", "none"},
                "not silent", new String[]{"rp", "https://rp.example.test/callback?x=1", "login"},
                "none with another prompt", new String[]{"rp", "https://rp.example.test/callback?x=1", "none login"});
        for (var c : cases.entrySet()) {
            var request = request("GET", "/realms/portal/oauth2/authorize");
            request.setParameter("client_id", c.getValue()[0]);
            request.setParameter("redirect_uri", c.getValue()[1]);
            request.setParameter("prompt", c.getValue()[2]);
            var response = new MockHttpServletResponse();
            filter.doFilter(request, response, failing(new RedisConnectionException("down")));
            assertThat(response.getStatus()).as(c.getKey()).isEqualTo(503);
            assertThat(response.getHeader("Location")).as(c.getKey()).isNull();
        }
        var twice = request("GET", "/realms/portal/oauth2/authorize");
        twice.setParameter("client_id", "rp");
        twice.addParameter("redirect_uri", "https://rp.example.test/callback?x=1", "https://evil.example/");
        twice.setParameter("prompt", "none");
        var response = new MockHttpServletResponse();
        filter.doFilter(twice, response, failing(new RedisConnectionException("down")));
        assertThat(response.getStatus()).as("a repeated redirect_uri is not guessed at").isEqualTo(503);
    }

    @Test
    void whileRedisIsKnownDownAPersonsRealmPageGetsThe503WithoutTouchingTheSession() throws Exception {
        breakers.redis().failed(new RedisConnectionException("down"));
        FilterChain mustNotRun = (req, res) -> {
            throw new AssertionError("the page and its session were reached");
        };
        var login = new MockHttpServletResponse();
        filter.doFilter(request("GET", "/realms/portal/login"), login, mustNotRun);
        assertThat(login.getStatus()).isEqualTo(503);
        assertThat(login.getContentAsString()).contains("Inloggen is tijdelijk niet mogelijk");
        assertThat(registry.counter("toegang.dependency.fast.failures", "dependency", "redis").count()).isEqualTo(1);

        // What does not live in the session goes on: the status page, protocol endpoints, programs.
        for (var request : List.of(request("GET", "/realms/portal/status"),
                request("POST", "/realms/portal/oauth2/token"), request("GET", "/realms/portal/oauth2/jwks"),
                new MockHttpServletRequest(servletContext, "GET", "/realms/portal/saml/metadata"))) {
            var passed = new MockHttpServletResponse();
            filter.doFilter(request, passed, (req, res) -> res.getWriter().write("served"));
            assertThat(passed.getContentAsString()).as(request.getRequestURI()).isEqualTo("served");
        }
    }

    @Test
    void anUnknownRealmStillGetsAPageWithoutRealmLinks() throws Exception {
        var response = new MockHttpServletResponse();
        filter.doFilter(request("GET", "/realms/nope/login"), response, failing(new RedisConnectionException("x")));
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentAsString()).contains("Inloggen is tijdelijk niet mogelijk")
                .doesNotContain("/realms/nope/forgot");
    }

    @Test
    void aSessionThatCannotBeSavedAfterTheControllerTurnsTheRedirectInto503() throws Exception {
        // Shaped like a session repository filter: the controller answered 303, then saving the session failed.
        FilterChain sessionCommitFails = (req, res) -> {
            var http = (jakarta.servlet.http.HttpServletResponse) res;
            http.setStatus(303);
            http.setHeader("Location", "/realms/portal/account");
            http.addHeader("Set-Cookie", "TOEGANG_SESSION=new-session");
            throw new RedisCommandTimeoutException("Command timed out after 2 second(s)");
        };
        var response = new MockHttpServletResponse();
        filter.doFilter(request("POST", "/realms/portal/login"), response, sessionCommitFails);
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Location")).as("no sign-in is handed out").isNull();
        assertThat(response.getHeader("Set-Cookie")).isNull();
    }

    @Test
    void otherFailuresAndSuccessesPassThroughUntouched() throws Exception {
        var bug = new IllegalStateException("bug");
        assertThatThrownBy(() -> filter.doFilter(request("GET", "/realms/portal/login"),
                new MockHttpServletResponse(), failing(bug))).hasCause(bug);

        var ok = new MockHttpServletResponse();
        filter.doFilter(request("GET", "/realms/portal/login"), ok, (req, res) -> res.getWriter().write("fine"));
        assertThat(ok.getStatus()).isEqualTo(200);
        assertThat(ok.getContentAsString()).isEqualTo("fine");
        assertThat(registry.find(DependencyOutageFilter.METRIC).counters()).isEmpty();
    }

    @Test
    void whenTheResponseIsAlreadyCommittedTheFailureGoesOn() {
        var response = new MockHttpServletResponse();
        FilterChain committing = (req, res) -> {
            res.flushBuffer();
            throw new RedisConnectionException("down");
        };
        assertThatThrownBy(() -> filter.doFilter(request("GET", "/realms/portal/login"), response, committing))
                .isInstanceOf(RedisConnectionException.class);
        assertThat(response.getStatus()).isEqualTo(200);
    }
}
