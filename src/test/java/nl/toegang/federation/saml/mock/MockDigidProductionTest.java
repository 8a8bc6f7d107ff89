package nl.toegang.federation.saml.mock;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import nl.toegang.federation.digid.IdpSource;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * With the prod profile the built-in mock DigiD does not exist: its URLs are a plain 404 (its two CSRF-protected forms
 * answer like any unknown path), no handler is mapped under {@code /mock-digid}, none of its beans is registered, and
 * switching it on refuses to start. Outside production a realm cannot use the mock once it is off.
 */
class MockDigidProductionTest {
    static final String REDIS = System.getenv().getOrDefault("TOEGANG_TEST_REDIS", "redis://127.0.0.1:6379");

    @TempDir
    static Path temp;
    static Path realms;
    static TestServer server;

    /** This run's Redis keys (sessions, lockout counters), removed afterwards. */
    static final String PREFIX = "toegang:test-" + java.util.UUID.randomUUID() + ":";

    /** The prod profile's rules, with what it takes from the environment given here (H2 instead of PostgreSQL). */
    static Map<String, String> production(String dataDir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.profiles.active", "prod");
        p.put("toegang.public-url", "https://login.example.nl");
        p.put("toegang.master-key", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        p.put("spring.datasource.url", "jdbc:h2:file:" + temp.resolve(dataDir).resolve("toegang")
                + ";DB_CLOSE_ON_EXIT=FALSE");
        p.put("spring.mail.host", "127.0.0.1");
        p.put("management.server.port", "0");
        p.put("toegang.redis.uri", REDIS);
        p.put("toegang.lockout.key-prefix", PREFIX);
        // The prod profile logs JSON; a refused start would leave the shared logging system that way for the
        // tests that run after this one in the same JVM (they read plain log lines).
        p.put("logging.structured.format.console", "");
        return p;
    }

    @BeforeAll
    static void start() throws Exception {
        RedisClient redis = RedisClient.create(REDIS);
        try (var ignored = redis.connect()) {
            // reachable: the prod profile keeps lockouts and sessions in Redis
        } catch (RedisException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("Redis at " + REDIS + " is unreachable and CI=true", e);
            }
            Assumptions.abort("Redis at " + REDIS + " is unreachable: " + e);
        } finally {
            redis.shutdown();
        }
        realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Portaal
                """);
        server = TestServer.embedded(temp.resolve("data"), realms, production("data")).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        try (RedisClient client = RedisClient.create(REDIS); var connection = client.connect()) {
            nl.toegang.testsupport.RedisTestKeys.deleteMatching(connection.sync(), PREFIX);
        } catch (RedisException unreachable) {
            // nothing was written then
        }
    }

    @Test
    void everyMockEndpointAnswers404() {
        Browser browser = new Browser();
        String mock = server.baseUrl() + "/mock-digid";

        assertThat(browser.get(mock + "/sso?SAMLRequest=x&SigAlg=x&Signature=x").statusCode()).isEqualTo(404);
        assertThat(browser.postForm(mock + "/sso", Map.of("SAMLRequest", "x")).statusCode()).isEqualTo(404);
        assertThat(browser.postForm(mock + "/slo", Map.of("SAMLRequest", "x")).statusCode()).isEqualTo(404);
        assertThat(browser.postForm(mock + "/slo", Map.of("SAMLResponse", "x", "RelayState", "x")).statusCode())
                .isEqualTo(404);
        assertThat(browser.get(mock + "/logout").statusCode()).isEqualTo(404);
        // The mock's CSRF-protected forms (its login choice, its logout button) are stopped by the CSRF check before
        // any handler is looked up, exactly like a form posted to a path that never existed; no site page in
        // production hands out a token to get further. That no handler is behind them shows in the next test.
        int unknownPath = browser.postForm(server.baseUrl() + "/no-such-page", Map.of("_csrf", "x")).statusCode();
        assertThat(browser.postForm(mock + "/sso", Map.of("token", "x", "_csrf", "x")).statusCode())
                .isEqualTo(unknownPath);
        assertThat(browser.postForm(mock + "/logout", Map.of("realm", "portal", "_csrf", "x")).statusCode())
                .isEqualTo(unknownPath);
    }

    @Test
    void noHandlerServesAMockPath() {
        var mappings = server.bean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        assertThat(mappings.getHandlerMethods().keySet())
                .flatMap(RequestMappingInfo::getPatternValues)
                .isNotEmpty()
                .noneMatch(pattern -> pattern.startsWith("/mock-digid"));
    }

    @Test
    void noMockBeanIsRegistered() {
        for (Class<?> type : new Class<?>[]{MockDigidIdentity.class, MockArtifactServer.class,
                MockArtifactStore.class, MockDigidController.class, MockDigidLogoutController.class,
                MockIdpSource.class}) {
            assertThatThrownBy(() -> server.bean(type)).as(type.getSimpleName())
                    .isInstanceOf(NoSuchBeanDefinitionException.class);
        }
        assertThat(server.bean(IdpSource.class)).as("only the metadata source is left")
                .isNotInstanceOf(MockIdpSource.class);
    }

    @Test
    void switchingTheMockOnInProductionStopsStartup() {
        Map<String, String> properties = production("enabled-data");
        properties.put("toegang.mock-digid.enabled", "true");
        var enabled = TestServer.embedded(temp.resolve("enabled-data"), realms, properties);

        assertThatThrownBy(enabled::start).hasStackTraceContaining(
                "toegang.mock-digid.enabled must be false in production: the mock DigiD hands out logins for any"
                        + " test BSN");
    }

    @Test
    void aMockRealmNeedsTheMockOutsideProductionToo() throws Exception {
        Path mockRealms = Files.createDirectories(temp.resolve("mock-realms"));
        Files.writeString(mockRealms.resolve("portal.yaml"), """
                name: portal
                displayName: Portaal
                digid:
                  mock: true
                """);
        var off = TestServer.embedded(temp.resolve("off-data"), mockRealms, Map.of(
                "toegang.mock-digid.enabled", "false"));

        assertThatThrownBy(off::start).hasStackTraceContaining("realm 'portal' offers DigiD, but no IdP serves its"
                + " digid settings: digid.mock needs the built-in mock DigiD (toegang.mock-digid.enabled=true)");
    }
}
