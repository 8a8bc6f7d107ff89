package nl.toegang.mfa;

import com.nimbusds.jwt.JWTClaimsSet;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.RealmYaml;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.HttpCookie;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static nl.toegang.mfa.MfaFlows.code;
import static nl.toegang.mfa.MfaFlows.enrolOnAccountPage;
import static nl.toegang.mfa.MfaFlows.finish;
import static nl.toegang.mfa.MfaFlows.password;
import static nl.toegang.mfa.MfaFlows.postFrom;
import static org.assertj.core.api.Assertions.assertThat;

/** acr_values, max_age and prompt=login on an existing session: step-up and re-authentication before a code. */
class StepUpTest {
    static final String PAR_SECRET = "par-secret-for-step-up-tests-0123456789";
    @TempDir
    static Path temp;
    static TestServer server;
    static MutableClock clock;
    static String portal;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        String users = RealmYaml.verifiedUsers("Correct-Horse-Battery-42",
                List.of("stepup", "plain", "prompt", "maxage", "discover", "unknownacr", "parprompt", "parmaxage",
                        "paracr", "parquery"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                clients:
                  - clientId: rp
                    type: public
                    redirectUris: [https://rp.example.test/cb]
                    scopes: [openid, profile, email]
                  - clientId: par
                    type: confidential
                    secret: %s
                    redirectUris: [https://rp.example.test/cb]
                    scopes: [openid, profile, email]
                users:
                """.formatted(PAR_SECRET) + users);
        clock = new MutableClock(Instant.now());
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).withClock(clock).start();
        portal = server.issuer("portal");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static OidcTestClient rp() {
        return new OidcTestClient(portal, "rp", null, "https://rp.example.test/cb");
    }

    private static Map<String, String> params(OidcTestClient client, OidcTestClient.Pkce pkce, String... extra) {
        Map<String, String> params = new LinkedHashMap<>(client.authorizationParams(pkce, "s-" + pkce.verifier()
                .substring(0, 8), "n-1"));
        for (int i = 0; i < extra.length; i += 2) {
            params.put(extra[i], extra[i + 1]);
        }
        return params;
    }

    @Test
    void aPasswordSessionAskedForTheMfaAcrGetsTheSecondStepThenAnIdTokenWithThatAcr() throws Exception {
        Browser browser = new Browser();
        // Password session first, then the app is set up: the session itself is still at password level.
        byte[] secret = enrolOnAccountPage(browser, portal, "stepup@example.org", clock);
        String before = session(browser);

        OidcTestClient client = rp();
        var plainPkce = OidcTestClient.Pkce.create();
        var plain = browser.get(client.authorizationUrl(params(client, plainPkce)));
        assertThat(Browser.location(plain)).as("no acr asked: the password session is enough")
                .startsWith("https://rp.example.test/cb");

        var pkce = OidcTestClient.Pkce.create();
        var stepUp = browser.get(client.authorizationUrl(params(client, pkce, "acr_values", "urn:toegang:acr:mfa")));
        assertThat(stepUp.statusCode()).isEqualTo(302);
        assertThat(Browser.location(stepUp)).endsWith("/realms/portal/login/second-factor");

        var done = postFrom(browser, portal + "/login/second-factor", portal + "/login/second-factor",
                Map.of("code", code(secret, clock, 0)));
        assertThat(session(browser)).as("session id renewed on step-up").isNotEqualTo(before);
        JWTClaimsSet id = finish(browser, client, pkce, done);
        assertThat(id.getClaim("acr")).isEqualTo("urn:toegang:acr:mfa");
        assertThat(id.getStringListClaim("amr")).containsExactly("pwd", "otp", "mfa");
    }

    @Test
    void whenTheAccountHasNoSecondFactorThenTheMfaAcrLeadsToEnrolment() {
        Browser browser = new Browser();
        assertThat(Browser.location(password(browser, portal, "plain@example.org"))).endsWith("/portal/");
        var stepUp = browser.get(rp().authorizationUrl(params(rp(), OidcTestClient.Pkce.create(),
                "acr_values", "urn:toegang:acr:mfa urn:toegang:acr:passkey")));
        assertThat(Browser.location(stepUp)).endsWith("/realms/portal/login/enrol");
    }

    @Test
    void anUnknownAcrValueIsIgnoredAndThePasswordAcrIsStated() {
        Browser browser = new Browser();
        password(browser, portal, "unknownacr@example.org");
        var pkce = OidcTestClient.Pkce.create();
        var answer = browser.get(rp().authorizationUrl(params(rp(), pkce, "acr_values", "urn:other:gold")));
        assertThat(Browser.location(answer)).startsWith("https://rp.example.test/cb");
        String code = Browser.queryParams(Browser.location(answer)).get("code");
        var id = rp().verify(OidcTestClient.json(rp().redeemCode(code, pkce.verifier()).body())
                .get("id_token").asString());
        assertThat(id.getClaim("acr")).isEqualTo("urn:toegang:acr:password");
    }

    @Test
    void promptLoginForcesANewLoginAndThenReturnsToTheSameRequest() {
        Browser browser = new Browser();
        password(browser, portal, "prompt@example.org");
        OidcTestClient client = rp();
        var pkce = OidcTestClient.Pkce.create();
        var forced = browser.get(client.authorizationUrl(params(client, pkce, "prompt", "login")));
        assertThat(forced.statusCode()).isEqualTo(302);
        assertThat(Browser.location(forced)).endsWith("/realms/portal/login");

        clock.advance(Duration.ofSeconds(5));
        JWTClaimsSet id = finish(browser, client, pkce, password(browser, portal, "prompt@example.org"));
        assertThat(id.getClaim("acr")).isEqualTo("urn:toegang:acr:password");
    }

    @Test
    void maxAgeForcesANewLoginOnlyWhenTheSessionIsOlder() {
        Browser browser = new Browser();
        password(browser, portal, "maxage@example.org");
        OidcTestClient client = rp();
        var young = browser.get(client.authorizationUrl(params(client, OidcTestClient.Pkce.create(),
                "max_age", "10000")));
        assertThat(Browser.location(young)).startsWith("https://rp.example.test/cb");

        clock.advance(Duration.ofMinutes(2));
        var pkce = OidcTestClient.Pkce.create();
        var old = browser.get(client.authorizationUrl(params(client, pkce, "max_age", "60")));
        assertThat(Browser.location(old)).endsWith("/realms/portal/login");
        JWTClaimsSet id = finish(browser, client, pkce, password(browser, portal, "maxage@example.org"));
        assertThat(id.getClaim("auth_time")).isNotNull();
    }

    // ------------------------------------------------ the same requirements inside a pushed request (RFC 9126)

    private static OidcTestClient par() {
        return new OidcTestClient(portal, "par", PAR_SECRET, "https://rp.example.test/cb");
    }

    /** Pushes the request with {@code extra} parameters and returns the request_uri. */
    private static String push(OidcTestClient.Pkce pkce, String... extra) {
        var pushed = par().postWithClientAuth("/oauth2/par", params(par(), pkce, extra));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        return OidcTestClient.json(pushed.body()).get("request_uri").asString();
    }

    private static Map<String, String> byReference(String requestUri, String... query) {
        Map<String, String> params = new LinkedHashMap<>(Map.of("client_id", "par", "request_uri", requestUri));
        for (int i = 0; i < query.length; i += 2) {
            params.put(query[i], query[i + 1]);
        }
        return params;
    }

    @Test
    void aPushedPromptLoginForcesANewLoginAndThenReturnsToThePushedRequest() {
        Browser browser = new Browser();
        password(browser, portal, "parprompt@example.org");
        var pkce = OidcTestClient.Pkce.create();
        String requestUri = push(pkce, "prompt", "login");
        var forced = browser.get(par().authorizationUrl(byReference(requestUri)));
        assertThat(forced.statusCode()).isEqualTo(302);
        assertThat(Browser.location(forced)).as("prompt=login from the pushed request")
                .endsWith("/realms/portal/login");

        clock.advance(Duration.ofSeconds(5));
        JWTClaimsSet id = finish(browser, par(), pkce, password(browser, portal, "parprompt@example.org"));
        assertThat(id.getClaim("acr")).isEqualTo("urn:toegang:acr:password");
    }

    @Test
    void aPushedMaxAgeForcesANewLoginOnlyWhenTheSessionIsOlder() {
        Browser browser = new Browser();
        password(browser, portal, "parmaxage@example.org");
        var young = browser.get(par().authorizationUrl(byReference(push(OidcTestClient.Pkce.create(),
                "max_age", "10000"))));
        assertThat(Browser.location(young)).startsWith("https://rp.example.test/cb").contains("code=");

        clock.advance(Duration.ofMinutes(2));
        var pkce = OidcTestClient.Pkce.create();
        var old = browser.get(par().authorizationUrl(byReference(push(pkce, "max_age", "60"))));
        assertThat(Browser.location(old)).as("max_age=60 from the pushed request").endsWith("/realms/portal/login");
        JWTClaimsSet id = finish(browser, par(), pkce, password(browser, portal, "parmaxage@example.org"));
        assertThat(id.getClaim("auth_time")).isNotNull();
    }

    @Test
    void aPushedMfaAcrLeadsAPasswordSessionToTheSecondFactorStep() {
        Browser browser = new Browser();
        password(browser, portal, "paracr@example.org");
        var stepUp = browser.get(par().authorizationUrl(byReference(push(OidcTestClient.Pkce.create(),
                "acr_values", "urn:toegang:acr:mfa"))));
        assertThat(Browser.location(stepUp)).as("acr_values from the pushed request")
                .endsWith("/realms/portal/login/enrol");
    }

    @Test
    void requirementsInTheQueryBesideARequestUriAreIgnored() {
        // RFC 9126 §4: only the pushed parameters count; the query cannot add prompt=login or an acr (nor remove one).
        Browser browser = new Browser();
        password(browser, portal, "parquery@example.org");
        var answer = browser.get(par().authorizationUrl(byReference(push(OidcTestClient.Pkce.create()),
                "prompt", "login", "max_age", "0", "acr_values", "urn:toegang:acr:mfa")));
        assertThat(Browser.location(answer)).startsWith("https://rp.example.test/cb").contains("code=");
    }

    @Test
    void discoveryListsTheAcrValues() {
        var doc = OidcTestClient.json(new Browser().get(portal + "/.well-known/openid-configuration", Map.of()).body());
        assertThat(doc.get("acr_values_supported").toString())
                .contains("urn:toegang:acr:password", "urn:toegang:acr:mfa", "urn:toegang:acr:passkey");
    }

    private static String session(Browser browser) {
        return browser.cookies().getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("TOEGANG_SESSION")).map(HttpCookie::getValue).findFirst().orElseThrow();
    }
}
