package nl.toegang.oidc.logout;

import nl.toegang.account.AccountRepository;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.OidcTestClient.Pkce;
import nl.toegang.testsupport.RealmYaml;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ending a session revokes the refresh tokens issued in it, whichever way it ends: RP-initiated logout (with a hint
 * or confirmed on the question page), ending it on the account page (one session, or everywhere), and support
 * actions through the admin API. The refresh token of that session is then {@code invalid_grant}, its access token
 * inactive, and a code it authorized but nobody redeemed yet is refused; the same person's other session keeps its
 * tokens. A session that merely times out keeps them (their own lifetime applies). Over real HTTP.
 */
class SessionEndRevokesTokensTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String SECRET = "session-end-secret-for-tests-0123456789";
    static final String OPS_SECRET = "session-end-ops-secret-0123456789abcdef";
    static final String REDIRECT = "https://rp.example.test/callback";
    static final String BYE = "https://rp.example.test/bye";

    @TempDir
    static Path temp;
    static TestServer server;
    static MutableClock clock;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        String users = RealmYaml.verifiedUsers(PASSWORD,
                List.of("hint", "confirmed", "code", "one", "everywhere", "support", "mfa", "race", "idle"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Portaal
                clients:
                  - clientId: rp
                    type: confidential
                    secret: %s
                    redirectUris: [%s]
                    postLogoutRedirectUris: [%s]
                    scopes: [openid, profile, email]
                users:
                """.formatted(SECRET, REDIRECT, BYE) + users);
        RealmYaml.writeAdminRealm(realms, OPS_SECRET);
        clock = new MutableClock(Instant.now());
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).withClock(clock).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static OidcTestClient rp() {
        return new OidcTestClient(server.issuer("portal"), "rp", SECRET, REDIRECT);
    }

    /** One signed-in browser of {@code user} with the tokens rp got in it. */
    record Session(Browser browser, JsonNode tokens) {
        String refreshToken() {
            return tokens.get("refresh_token").asString();
        }
    }

    static Session signIn(String user) {
        Browser browser = new Browser();
        OidcTestClient client = rp();
        Pkce pkce = Pkce.create();
        var params = client.authorizationParams(pkce, "s-" + UUID.randomUUID(), "n-" + UUID.randomUUID());
        String code = client.loginAndAuthorize(browser, params, user + "@example.org", PASSWORD).get("code");
        var tokens = client.redeemCode(code, pkce.verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return new Session(browser, OidcTestClient.json(tokens.body()));
    }

    /** Refreshes and returns the new token response; asserts it worked. */
    static JsonNode refreshed(String refreshToken) {
        var answer = rp().refresh(refreshToken);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return OidcTestClient.json(answer.body());
    }

    static void assertRefused(String refreshToken) {
        var answer = rp().refresh(refreshToken);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(OidcTestClient.json(answer.body()).get("error").asString()).isEqualTo("invalid_grant");
    }

    static boolean active(String accessToken) {
        var answer = rp().postWithClientAuth("/oauth2/introspect", Map.of("token", accessToken));
        assertThat(answer.statusCode()).isEqualTo(200);
        return OidcTestClient.json(answer.body()).get("active").asBoolean();
    }

    static String account() {
        return server.issuer("portal") + "/account";
    }

    static String accountPost(Browser browser, String path, Map<String, String> form) {
        var page = browser.get(account());
        assertThat(page.statusCode()).isEqualTo(200);
        var body = new HashMap<>(form);
        body.put("_csrf", Browser.csrfToken(page.body()));
        var answer = browser.postForm(account() + path, body);
        assertThat(answer.statusCode()).isEqualTo(303);
        return Browser.location(answer);
    }

    static String sid(Session session) throws Exception {
        return com.nimbusds.jwt.SignedJWT.parse(session.tokens().get("id_token").asString()).getJWTClaimsSet()
                .getStringClaim("sid");
    }

    @Test
    void anRpInitiatedLogoutRevokesTheRefreshTokensOfThatSessionOnly() {
        Session laptop = signIn("hint");
        Session phone = signIn("hint");
        JsonNode rotated = refreshed(laptop.refreshToken());

        var logout = laptop.browser().get(server.issuer("portal") + "/connect/logout?" + Browser.formBody(Map.of(
                "id_token_hint", laptop.tokens().get("id_token").asString(), "post_logout_redirect_uri", BYE)));
        assertThat(Browser.location(logout)).isEqualTo(BYE);

        assertRefused(rotated.get("refresh_token").asString());
        assertThat(active(rotated.get("access_token").asString())).as("its access token too").isFalse();
        assertThat(active(phone.tokens().get("access_token").asString())).as("the other session keeps its tokens")
                .isTrue();
        refreshed(phone.refreshToken());
    }

    @Test
    void aLogoutConfirmedOnTheQuestionPageRevokesToo() {
        Session session = signIn("confirmed");
        var logout = session.browser().get(server.issuer("portal") + "/connect/logout?client_id=rp");
        var question = session.browser().get(Browser.resolve(logout));
        var confirmed = session.browser().postForm(server.issuer("portal") + "/logout",
                Map.of("client_id", "rp", "_csrf", Browser.csrfToken(question.body())));
        assertThat(confirmed.statusCode()).isEqualTo(303);

        assertRefused(session.refreshToken());
    }

    /** A code authorized in the session but redeemed only after it ended would bring the session back: refused. */
    @Test
    void aCodeAuthorizedInTheSessionIsNotRedeemedAfterItEnds() {
        Session session = signIn("code");
        OidcTestClient client = rp();
        Pkce pkce = Pkce.create();
        String code = Browser.queryParams(Browser.location(session.browser().get(client.authorizationUrl(
                client.authorizationParams(pkce, "s", "n"))))).get("code");
        assertThat(code).isNotNull();

        session.browser().get(server.issuer("portal") + "/connect/logout?" + Browser.formBody(Map.of(
                "id_token_hint", session.tokens().get("id_token").asString())));

        var redeemed = client.redeemCode(code, pkce.verifier());
        assertThat(redeemed.statusCode()).as(redeemed.body()).isEqualTo(400);
        assertThat(OidcTestClient.json(redeemed.body()).get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void endingAnotherSessionOnTheAccountPageRevokesItsTokensOnly() throws Exception {
        Session laptop = signIn("one");
        Session phone = signIn("one");

        accountPost(laptop.browser(), "/sessions/end", Map.of("sid", sid(phone)));

        assertRefused(phone.refreshToken());
        refreshed(laptop.refreshToken());
    }

    @Test
    void signingOutEverywhereOnTheAccountPageRevokesEverySessionsTokens() {
        Session laptop = signIn("everywhere");
        Session phone = signIn("everywhere");

        accountPost(laptop.browser(), "/sessions/end-all", Map.of("confirmed", "yes"));

        assertRefused(laptop.refreshToken());
        assertRefused(phone.refreshToken());
    }

    @Test
    void supportEndingTheSessionsThroughTheAdminApiRevokesTheirTokens() {
        Session laptop = signIn("support");
        var ended = admin("POST", "/admin/realms/portal/users/" + accountId("support") + "/end-sessions",
                "{\"reason\":\"ticket 42\"}");
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertRefused(laptop.refreshToken());
    }

    /** Resetting the second factor ends the sessions without "revoke everything": each ended session revokes. */
    @Test
    void supportResettingTheSecondFactorRevokesTheEndedSessionsTokens() {
        Session laptop = signIn("mfa");
        var reset = admin("POST", "/admin/realms/portal/users/" + accountId("mfa") + "/reset-mfa",
                "{\"reason\":\"lost phone\"}");
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        assertRefused(laptop.refreshToken());
    }

    /**
     * Refreshes racing the logout: whatever a refresh returned while the session was ending, once the logout is done
     * no refresh token of that session works any more (the revocation waits for a running rotation, which never
     * writes a revoked family back).
     */
    @Test
    void aRefreshRacingTheLogoutNeverOutlivesIt() throws Exception {
        for (int round = 0; round < 5; round++) {
            Session session = signIn("race");
            var pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            AtomicBoolean loggedOut = new AtomicBoolean();
            Future<String> refresher = pool.submit(() -> {
                go.await();
                String latest = session.refreshToken();
                // Keep rotating until a refresh is refused or the logout is over; remember the last token handed out.
                while (true) {
                    boolean over = loggedOut.get();
                    var answer = rp().refresh(latest);
                    if (answer.statusCode() != 200) {
                        return latest;
                    }
                    latest = OidcTestClient.json(answer.body()).get("refresh_token").asString();
                    if (over) {
                        return latest;
                    }
                }
            });
            Future<?> logout = pool.submit(() -> {
                go.await();
                session.browser().get(server.issuer("portal") + "/connect/logout?" + Browser.formBody(Map.of(
                        "id_token_hint", session.tokens().get("id_token").asString())));
                loggedOut.set(true);
                return null;
            });
            go.countDown();
            logout.get();
            String last = refresher.get();
            pool.shutdown();
            assertRefused(last);
        }
    }

    /** Timing out is not ending: the portal's refresh token lives its own lifetime (documented). */
    @Test
    void aSessionThatTimesOutKeepsItsRefreshTokens() {
        Session session = signIn("idle");
        // Past the realm's 30-minute idle timeout. The clock only moves forward: sessions of later tests start then.
        clock.advance(Duration.ofMinutes(31));
        assertThat(session.browser().get(account()).statusCode()).as("the session timed out").isEqualTo(302);
        refreshed(session.refreshToken());
    }

    static String accountId(String user) {
        return server.bean(AccountRepository.class).findByEmail("portal", user + "@example.org").orElseThrow().id();
    }

    static HttpResponse<String> admin(String method, String path, String body) {
        var token = new OidcTestClient(server.issuer("admin"), "ops", OPS_SECRET, null)
                .tokenRequest(Map.of("grant_type", "client_credentials"));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return new Browser().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + OidcTestClient.json(token.body()).get("access_token").asString())
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build());
    }
}
