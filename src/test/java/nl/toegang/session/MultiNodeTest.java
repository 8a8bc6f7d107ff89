package nl.toegang.session;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import nl.toegang.lockout.RateLimiter;
import nl.toegang.lockout.RedisRateLimiter;
import nl.toegang.oidc.keys.RealmKeyService;
import nl.toegang.oidc.logout.LogoutReceiver;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.PostgresTestDatabase;
import nl.toegang.testsupport.RedisTestKeys;
import nl.toegang.testsupport.RealmYaml;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;

import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two nodes sharing this machine's PostgreSQL (own schema) and Redis (own key prefix), and nothing else: no sticky
 * sessions, so every request may land on either node. Skipped without PostgreSQL or Redis, except with CI=true.
 */
class MultiNodeTest {
    static final String REDIS = System.getenv().getOrDefault("TOEGANG_TEST_REDIS", "redis://127.0.0.1:6379");
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String SECRET = "multi-node-secret-for-tests-0123456789";
    static final String REDIRECT = "https://rp.example.test/cb";

    @TempDir
    static Path temp;
    static PostgresTestDatabase database;
    static String prefix;
    static MutableClock clock;
    static TestServer nodeA;
    static TestServer nodeB;
    static LogoutReceiver logoutReceiver;

    @BeforeAll
    static void start() throws Exception {
        try (var ignored = redis()) {
            // reachable
        } catch (RedisException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("Redis at " + REDIS + " is unreachable and CI=true", e);
            }
            Assumptions.abort("Redis at " + REDIS + " is unreachable: " + e);
        }
        database = PostgresTestDatabase.create();
        logoutReceiver = new LogoutReceiver();
        SecureRandom random = new SecureRandom();
        byte[] id = new byte[6];
        random.nextBytes(id);
        prefix = "toegang:test-" + HexFormat.of().formatHex(id) + ":";
        byte[] masterKey = new byte[32];
        random.nextBytes(masterKey);
        Path realms = Files.createDirectories(temp.resolve("realms"));
        String users = RealmYaml.verifiedUsers(PASSWORD,
                List.of("sso", "code", "race", "refresh", "locked", "logout", "console", "console2", "expiry",
                        "two-browsers", "ended", "ended-race"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Portaal
                settings:
                  lockout:
                    freeFailures: 2
                    maxDelay: 4s
                    failuresPerLockout: 5
                    lockoutWaits: [5m, 15m]
                    permanentDisableAt: 12
                    ipFailuresPerWindow: 1000
                    ipAccountsPerWindow: 1000
                clients:
                  - clientId: rp
                    type: confidential
                    secret: %s
                    redirectUris: [%s]
                    postLogoutRedirectUris: [https://rp.example.test/bye]
                    backchannelLogoutUri: %s
                    grantTypes: [authorization_code, refresh_token, client_credentials]
                    scopes: [openid, profile, email]
                users:
                """.formatted(SECRET, REDIRECT, logoutReceiver.url("/ok")) + users);
        Map<String, String> shared = Map.of(
                "spring.datasource.url", database.jdbcUrl(),
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "",
                "toegang.lockout.store", "redis",
                "toegang.lockout.key-prefix", prefix,
                "toegang.redis.uri", REDIS,
                "toegang.master-key", Base64.getEncoder().encodeToString(masterKey));
        clock = new MutableClock(Instant.now());
        nodeA = TestServer.embedded(temp.resolve("a"), realms, shared).withClock(clock).start();
        nodeB = TestServer.embedded(temp.resolve("b"), realms, shared).withClock(clock).start();
    }

    @AfterAll
    static void stop() {
        for (TestServer node : new TestServer[]{nodeA, nodeB}) {
            if (node != null) {
                node.stop();
            }
        }
        if (database != null) {
            database.close();
        }
        if (logoutReceiver != null) {
            logoutReceiver.close();
        }
        if (prefix != null) {
            try (var connection = redis()) {
                RedisTestKeys.deleteMatching(connection.sync(), prefix);
            }
        }
    }

    /** A connection whose close also shuts its client down. */
    private static Redis redis() {
        RedisClient client = RedisClient.create(REDIS);
        try {
            return new Redis(client, client.connect());
        } catch (RedisException e) {
            client.shutdown();
            throw e;
        }
    }

    private record Redis(RedisClient client, StatefulRedisConnection<String, String> connection)
            implements AutoCloseable {
        io.lettuce.core.api.sync.RedisCommands<String, String> sync() {
            return connection.sync();
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }

    private static OidcTestClient rp(TestServer node) {
        return new OidcTestClient(node.issuer("portal"), "rp", SECRET, REDIRECT);
    }

    private static Map<String, String> params(OidcTestClient client, OidcTestClient.Pkce pkce, String... extra) {
        Map<String, String> params = new LinkedHashMap<>(client.authorizationParams(pkce, "state-1", "nonce-1"));
        for (int i = 0; i < extra.length; i += 2) {
            params.put(extra[i], extra[i + 1]);
        }
        return params;
    }

    private static String sessionCookie(Browser browser) {
        return browser.cookies().getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(RealmSessionCookies.COOKIE)).map(HttpCookie::getValue)
                .findFirst().orElseThrow();
    }

    /** Signs in on {@code node} through the RP and returns the code the RP got. */
    private static Map<String, String> signIn(TestServer node, Browser browser, String user,
                                              OidcTestClient.Pkce pkce) {
        OidcTestClient client = rp(node);
        return client.loginAndAuthorize(browser, params(client, pkce), user + "@example.org", PASSWORD);
    }

    @Test
    void aLoginOnASignsTheBrowserInOnBWithoutAPassword() {
        Browser browser = new Browser();
        signIn(nodeA, browser, "sso", OidcTestClient.Pkce.create());

        OidcTestClient onB = rp(nodeB);
        var answer = browser.get(onB.authorizationUrl(params(onB, OidcTestClient.Pkce.create())));
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(Browser.location(answer)).as("B knows the session A created").startsWith(REDIRECT)
                .contains("code=");
        assertThat(browser.get(nodeB.issuer("portal") + "/account").statusCode()).isEqualTo(200);
    }

    @Test
    void aCodeIssuedByAIsRedeemedOnBAndItsSidNamesTheSharedSession() throws Exception {
        Browser browser = new Browser();
        var pkce = OidcTestClient.Pkce.create();
        var code = signIn(nodeA, browser, "code", pkce).get("code");
        var tokens = rp(nodeB).redeemCode(code, pkce.verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JWTClaimsSet id = rp(nodeB).verify(OidcTestClient.json(tokens.body()).get("id_token").asString());
        assertThat(id.getStringClaim("sid")).isEqualTo(SessionIds.sid(sessionCookie(browser)));
    }

    /**
     * Spring Authorization Server names, in the ID token, the session of the account that was used last, not the one
     * that authorized the code. With two browsers that is the wrong session: back-channel logout of one would name
     * the other. Each code must carry its own browser's sid, also when the other browser was used in between.
     */
    @Test
    void twoBrowsersOfOneAccountEachGetTheirOwnSessionsSid() throws Exception {
        Browser laptop = new Browser();
        Browser phone = new Browser();
        var laptopPkce = OidcTestClient.Pkce.create();
        var laptopCode = signIn(nodeA, laptop, "two-browsers", laptopPkce).get("code");
        var phonePkce = OidcTestClient.Pkce.create();
        var phoneCode = signIn(nodeB, phone, "two-browsers", phonePkce).get("code");
        assertThat(phone.get(nodeB.issuer("portal") + "/account").statusCode()).isEqualTo(200); // phone used last

        var laptopTokens = rp(nodeB).redeemCode(laptopCode, laptopPkce.verifier());
        var phoneTokens = rp(nodeA).redeemCode(phoneCode, phonePkce.verifier());
        assertThat(laptopTokens.statusCode()).as(laptopTokens.body()).isEqualTo(200);
        assertThat(phoneTokens.statusCode()).as(phoneTokens.body()).isEqualTo(200);
        String laptopSid = rp(nodeB).verify(OidcTestClient.json(laptopTokens.body()).get("id_token").asString())
                .getStringClaim("sid");
        String phoneSid = rp(nodeA).verify(OidcTestClient.json(phoneTokens.body()).get("id_token").asString())
                .getStringClaim("sid");
        assertThat(laptopSid).isEqualTo(SessionIds.sid(sessionCookie(laptop)));
        assertThat(phoneSid).isEqualTo(SessionIds.sid(sessionCookie(phone)));
        assertThat(laptopSid).isNotEqualTo(phoneSid);
    }

    @Test
    void oneCodeRedeemedAtOnceOnAAndBSucceedsExactlyOnce() throws Exception {
        var pkce = OidcTestClient.Pkce.create();
        var code = signIn(nodeA, new Browser(), "race", pkce).get("code");
        var pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> attempts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            TestServer node = i % 2 == 0 ? nodeA : nodeB;
            attempts.add(pool.submit(() -> {
                go.await();
                return rp(node).redeemCode(code, pkce.verifier());
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (var attempt : attempts) {
            statuses.add(attempt.get().statusCode());
        }
        pool.shutdown();
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 400).hasSize(3);
    }

    @Test
    void aRefreshTokenReusedOnTheOtherNodeRevokesTheFamily() {
        var pkce = OidcTestClient.Pkce.create();
        var code = signIn(nodeA, new Browser(), "refresh", pkce).get("code");
        var tokens = OidcTestClient.json(rp(nodeA).redeemCode(code, pkce.verifier()).body());
        String first = tokens.get("refresh_token").asString();

        var rotated = rp(nodeA).refresh(first);
        assertThat(rotated.statusCode()).isEqualTo(200);
        String second = OidcTestClient.json(rotated.body()).get("refresh_token").asString();

        assertThat(rp(nodeB).refresh(first).statusCode()).as("reuse of the rotated-away token on B").isEqualTo(400);
        assertThat(rp(nodeA).refresh(second).statusCode()).as("the family is revoked on A too").isEqualTo(400);
    }

    @Test
    void loginFailuresOnACountOnB() {
        String login = "/realms/portal/login";
        Browser onA = new Browser();
        for (int i = 0; i < 3; i++) {
            var page = onA.get(nodeA.baseUrl() + login);
            var posted = onA.postForm(nodeA.baseUrl() + login, Map.of("email", "locked@example.org",
                    "password", "wrong-" + i, "_csrf", Browser.csrfToken(page.body())));
            assertThat(Browser.location(posted)).endsWith("?error");
        }
        Browser onB = new Browser();
        var page = onB.get(nodeB.baseUrl() + login);
        var posted = onB.postForm(nodeB.baseUrl() + login, Map.of("email", "locked@example.org",
                "password", PASSWORD, "_csrf", Browser.csrfToken(page.body())));
        assertThat(Browser.location(posted)).as("B sees A's three failures").endsWith("?wait");
    }

    @Test
    void selfServiceRateLimitsCountedOnACountOnB() {
        // The limiter the reset and registration pages use; its effect on a page is deliberately invisible (the
        // answer is always "sent"), so the two servers' own beans are asked.
        RateLimiter onA = nodeA.bean(RateLimiter.class);
        RateLimiter onB = nodeB.bean(RateLimiter.class);
        assertThat(onA).isInstanceOf(RedisRateLimiter.class);
        String key = "forgot-address:portal:limit-" + prefix + "@example.org";
        Instant now = Instant.now();
        for (int i = 0; i < 3; i++) {
            assertThat(onA.tryAcquire(key, 3, Duration.ofMinutes(15), now)).isTrue();
        }
        assertThat(onB.tryAcquire(key, 3, Duration.ofMinutes(15), now)).as("B sees A's three requests").isFalse();
    }

    @Test
    void aKeyRotatedOnASignsOnBAndIsPublishedByB() throws Exception {
        String kid = nodeA.bean(RealmKeyService.class).rotate("portal", "RS256", Duration.ofMinutes(10));
        var jwks = JWKSet.parse(new Browser().get(nodeB.issuer("portal") + "/oauth2/jwks").body());
        assertThat(jwks.getKeyByKeyId(kid)).as("B publishes the key A rotated to").isNotNull();
        var token = rp(nodeB).clientCredentials("profile");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(SignedJWT.parse(OidcTestClient.json(token.body()).get("access_token").asString())
                .getHeader().getKeyID()).as("B signs with it").isEqualTo(kid);
    }

    @Test
    void aLogoutOnAEndsTheSessionOnBAndTellsTheClientOverTheBackChannel() throws Exception {
        Browser browser = new Browser();
        var pkce = OidcTestClient.Pkce.create();
        var code = signIn(nodeA, browser, "logout", pkce).get("code");
        String idToken = OidcTestClient.json(rp(nodeA).redeemCode(code, pkce.verifier()).body())
                .get("id_token").asString();
        JWTClaimsSet idClaims = SignedJWT.parse(idToken).getJWTClaimsSet();
        String sid = idClaims.getStringClaim("sid");
        assertThat(sid).isNotBlank();
        var logout = browser.get(nodeA.issuer("portal") + "/connect/logout?" + Browser.formBody(Map.of(
                "id_token_hint", idToken, "post_logout_redirect_uri", "https://rp.example.test/bye")));
        assertThat(Browser.location(logout)).startsWith("https://rp.example.test/bye");

        OidcTestClient onB = rp(nodeB);
        var silent = browser.get(onB.authorizationUrl(params(onB, OidcTestClient.Pkce.create(), "prompt", "none")));
        assertThat(Browser.queryParams(Browser.location(silent))).as("B no longer knows the session")
                .containsEntry("error", "login_required");

        // Whichever node's dispatcher claims the outbox row delivers it; B's published keys verify it.
        String logoutToken = logoutReceiver.await("/ok", token -> LogoutReceiver.hasSid(token, sid), Duration.ofSeconds(15));
        SignedJWT logoutJwt = SignedJWT.parse(logoutToken);
        var key = JWKSet.parse(new Browser().get(nodeB.issuer("portal") + "/oauth2/jwks", Map.of()).body())
                .getKeyByKeyId(logoutJwt.getHeader().getKeyID());
        assertThat(key).as("the logout token's key is published by B").isNotNull();
        assertThat(logoutJwt.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(key.toRSAKey()))).isTrue();
        assertThat(logoutJwt.getHeader().getType().getType()).isEqualTo("logout+jwt");
        assertThat(logoutJwt.getJWTClaimsSet().getSubject()).isEqualTo(idClaims.getSubject());
        assertThat(logoutJwt.getJWTClaimsSet().getAudience()).containsExactly("rp");
        Thread.sleep(2_500); // both nodes' dispatchers run every second: a double delivery would show by now
        assertThat(logoutReceiver.tokens("/ok").stream().filter(token -> LogoutReceiver.hasSid(token, sid)).count())
                .as("delivered once, not by both nodes").isEqualTo(1);
    }

    @Test
    void endingASessionOnTheAccountPageOfASignsThatBrowserOutOnB() {
        Browser laptop = new Browser(Map.of("User-Agent",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"));
        Browser phone = new Browser(Map.of("User-Agent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) "
                + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36"));
        signIn(nodeA, laptop, "console", OidcTestClient.Pkce.create());
        signIn(nodeB, phone, "console", OidcTestClient.Pkce.create());
        var events = nodeA.recordEvents(SsoSessionEnded.class);
        var eventsB = nodeB.recordEvents(SsoSessionEnded.class);

        var page = laptop.get(nodeA.issuer("portal") + "/account?lang=en");
        assertThat(page.body()).contains("Firefox on Windows").contains("Chrome on Android").contains("(this device)");
        String phoneSid = SessionIds.sid(sessionCookie(phone));
        var ended = laptop.postForm(nodeA.issuer("portal") + "/account/sessions/end",
                Map.of("sid", phoneSid, "_csrf", Browser.csrfToken(page.body())));
        assertThat(ended.statusCode()).isEqualTo(303);

        assertThat(phone.get(nodeB.issuer("portal") + "/account").statusCode()).as("signed out on B").isEqualTo(302);
        assertThat(laptop.get(nodeB.issuer("portal") + "/account").statusCode()).isEqualTo(200);
        assertThat(events).extracting(SsoSessionEnded::sid).containsExactly(phoneSid);
        assertThat(eventsB).isEmpty();
    }

    @Test
    void aSessionThatExpiresInRedisIsReportedOnceAcrossBothNodes() throws Exception {
        var eventsA = nodeA.recordEvents(SsoSessionEnded.class);
        var eventsB = nodeB.recordEvents(SsoSessionEnded.class);
        Browser browser = new Browser();
        signIn(nodeA, browser, "expiry", OidcTestClient.Pkce.create());
        String sessionId = sessionCookie(browser);

        // Nobody returns: shorten this session's lifetime in Redis instead of waiting the realm's 30 minutes.
        var store = nodeA.bean(RedisIndexedSessionRepository.class);
        var session = store.findById(sessionId);
        session.setMaxInactiveInterval(Duration.ofSeconds(1));
        store.save(session);

        Instant deadline = Instant.now().plusSeconds(30);
        while (eventsA.size() + eventsB.size() == 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        Thread.sleep(1000);   // a duplicate from the other node would arrive within this
        List<SsoSessionEnded> all = new ArrayList<>(eventsA);
        all.addAll(eventsB);
        assertThat(all).extracting(SsoSessionEnded::reason, SsoSessionEnded::sid)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SsoSessionEnded.Reason.TIMEOUT,
                        SessionIds.sid(sessionId)));
    }

    /**
     * A logout on A revokes that session's refresh tokens for B as well (they live in the shared database): B refuses
     * the rotated token with invalid_grant, while the same person's session on another browser keeps refreshing on B.
     * Refreshes on B racing the logout on A never leave a token that works afterwards.
     */
    @Test
    void aSessionEndedOnARevokesItsRefreshTokensOnB() {
        Browser laptop = new Browser();
        var laptopPkce = OidcTestClient.Pkce.create();
        var laptopCode = signIn(nodeA, laptop, "ended", laptopPkce).get("code");
        var laptopTokens = OidcTestClient.json(rp(nodeA).redeemCode(laptopCode, laptopPkce.verifier()).body());
        Browser phone = new Browser();
        var phonePkce = OidcTestClient.Pkce.create();
        var phoneCode = signIn(nodeB, phone, "ended", phonePkce).get("code");
        var phoneTokens = OidcTestClient.json(rp(nodeB).redeemCode(phoneCode, phonePkce.verifier()).body());
        var rotated = rp(nodeB).refresh(laptopTokens.get("refresh_token").asString());
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);

        var logout = laptop.get(nodeA.issuer("portal") + "/connect/logout?" + Browser.formBody(Map.of(
                "id_token_hint", laptopTokens.get("id_token").asString(),
                "post_logout_redirect_uri", "https://rp.example.test/bye")));
        assertThat(Browser.location(logout)).as("the login's ID token still ends the session at once")
                .isEqualTo("https://rp.example.test/bye");

        var refused = rp(nodeB).refresh(OidcTestClient.json(rotated.body()).get("refresh_token").asString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(OidcTestClient.json(refused.body()).get("error").asString()).isEqualTo("invalid_grant");
        assertThat(rp(nodeB).refresh(phoneTokens.get("refresh_token").asString()).statusCode())
                .as("the other session is untouched").isEqualTo(200);
    }

    @Test
    void aRefreshOnBRacingALogoutOnANeverOutlivesIt() throws Exception {
        for (int round = 0; round < 5; round++) {
            Browser browser = new Browser();
            var pkce = OidcTestClient.Pkce.create();
            var code = signIn(nodeA, browser, "ended-race", pkce).get("code");
            var tokens = OidcTestClient.json(rp(nodeA).redeemCode(code, pkce.verifier()).body());
            var pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            java.util.concurrent.atomic.AtomicBoolean loggedOut = new java.util.concurrent.atomic.AtomicBoolean();
            Future<String> refresher = pool.submit(() -> {
                go.await();
                String latest = tokens.get("refresh_token").asString();
                while (true) {
                    boolean over = loggedOut.get();
                    var answer = rp(nodeB).refresh(latest);
                    if (answer.statusCode() != 200) {
                        return latest;
                    }
                    latest = OidcTestClient.json(answer.body()).get("refresh_token").asString();
                    if (over) {
                        return latest; // this rotation began after the logout was over
                    }
                }
            });
            Future<?> logout = pool.submit(() -> {
                go.await();
                browser.get(nodeA.issuer("portal") + "/connect/logout?" + Browser.formBody(Map.of(
                        "id_token_hint", tokens.get("id_token").asString())));
                loggedOut.set(true);
                return null;
            });
            go.countDown();
            logout.get();
            String last = refresher.get();
            pool.shutdown();
            assertThat(rp(nodeB).refresh(last).statusCode()).as("round " + round).isEqualTo(400);
            assertThat(rp(nodeA).refresh(last).statusCode()).as("round " + round).isEqualTo(400);
        }
    }
}
