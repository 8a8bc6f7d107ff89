package nl.toegang.session;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.RedisClusterProcess;
import nl.toegang.testsupport.RealmYaml;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static nl.toegang.mfa.MfaFlows.code;
import static nl.toegang.mfa.MfaFlows.enrolOnAccountPage;
import static nl.toegang.mfa.MfaFlows.password;
import static nl.toegang.mfa.MfaFlows.postFrom;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Toegang nodes on a private three-master Redis Cluster ({@code toegang.redis.cluster.nodes}) and one shared
 * database: logins, SSO, lockout, TOTP replay, PAR, DPoP replay and session endings behave as on a single Redis, and
 * the keys really spread over the masters. Without redis-server the test is skipped, except with {@code CI=true}.
 */
class RedisClusterTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String SECRET = "cluster-secret-for-tests-0123456789";
    static final String REDIRECT = "https://rp.example.test/cb";
    static final String PREFIX = "toegang:";

    @TempDir
    static Path temp;
    static RedisClusterProcess cluster;
    static RedisClusterClient client;
    static StatefulRedisClusterConnection<String, String> redis;
    static MutableClock clock;
    static TestServer nodeA;
    static TestServer nodeB;

    @BeforeAll
    static void start() throws Exception {
        cluster = RedisClusterProcess.start();
        client = RedisClusterClient.create(cluster.ports().stream()
                .map(port -> RedisURI.create("127.0.0.1", port)).toList());
        redis = client.connect();
        SecureRandom random = new SecureRandom();
        byte[] masterKey = new byte[32];
        random.nextBytes(masterKey);
        Path realms = Files.createDirectories(temp.resolve("realms"));
        String users = RealmYaml.verifiedUsers(PASSWORD,
                List.of("sso", "locked", "totp", "par", "dpop", "logout", "expiry"));
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
                    grantTypes: [authorization_code, refresh_token]
                    scopes: [openid, profile, email]
                  - clientId: spa
                    type: public
                    redirectUris: [%2$s]
                    scopes: [openid, profile, email]
                users:
                """.formatted(SECRET, REDIRECT) + users);
        Map<String, String> shared = Map.of(
                "toegang.lockout.store", "redis",
                "toegang.lockout.key-prefix", PREFIX,
                "toegang.redis.cluster.nodes", cluster.nodes(),
                "toegang.master-key", Base64.getEncoder().encodeToString(masterKey),
                // One database for both nodes (same H2 file in this JVM); Redis is what this test is about.
                "spring.datasource.url", "jdbc:h2:file:" + temp.resolve("shared/toegang") + ";DB_CLOSE_ON_EXIT=FALSE");
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
        if (redis != null) {
            redis.close();
        }
        if (client != null) {
            client.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static OidcTestClient rp(TestServer node) {
        return new OidcTestClient(node.issuer("portal"), "rp", SECRET, REDIRECT);
    }

    private static Map<String, String> params(OidcTestClient client, String... extra) {
        Map<String, String> params = new LinkedHashMap<>(client.authorizationParams(OidcTestClient.Pkce.create(),
                "state-1", "nonce-1"));
        for (int i = 0; i < extra.length; i += 2) {
            params.put(extra[i], extra[i + 1]);
        }
        return params;
    }

    private static Map<String, String> signIn(TestServer node, Browser browser, String user) {
        OidcTestClient client = rp(node);
        return client.loginAndAuthorize(browser, params(client), user + "@example.org", PASSWORD);
    }

    private static String sessionCookie(Browser browser) {
        return browser.cookies().getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(RealmSessionCookies.COOKIE)).map(HttpCookie::getValue)
                .findFirst().orElseThrow();
    }

    /** The port of the master that serves {@code key}'s slot. */
    private static int masterOf(String key) {
        return redis.getPartitions().getPartitionBySlot(SlotHash.getSlot(key)).getUri().getPort();
    }

    /** Keys under Toegang's prefix, by the port of the master that holds them (asked node by node). */
    private static Map<Integer, List<String>> keysByMaster() {
        Map<Integer, List<String>> keys = new LinkedHashMap<>();
        redis.sync().upstream().commands().keys(PREFIX + "*").asMap()
                .forEach((node, list) -> keys.put(node.getUri().getPort(), list));
        return keys;
    }

    private static HttpResponse<String> post(String url, Map<String, String> form, Map<String, String> headers) {
        var builder = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded");
        headers.forEach(builder::header);
        return new Browser().send(builder.POST(HttpRequest.BodyPublishers.ofString(Browser.formBody(form))).build());
    }

    private static String proof(ECKey key, String method, String uri, String accessToken) throws Exception {
        var claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", method)
                .claim("htu", uri).issueTime(Date.from(clock.instant()));
        if (accessToken != null) {
            claims.claim("ath", Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII))));
        }
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK()).build(), claims.build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    // ---------------------------------------------------------------- tests

    @Test
    void bothNodesAreReadyAndSeeAllThreeMasters() {
        var health = nodeA.bean("redis", org.springframework.boot.health.contributor.HealthIndicator.class)
                .health(true);
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("masters", 3);
    }

    @Test
    void aPasswordLoginOnASignsTheBrowserInOnBAndTheSessionKeysExpire() {
        Browser browser = new Browser();
        assertThat(signIn(nodeA, browser, "sso")).containsKey("code");

        OidcTestClient onB = rp(nodeB);
        var answer = browser.get(onB.authorizationUrl(params(onB)));
        assertThat(Browser.location(answer)).as("B knows the session A created").startsWith(REDIRECT)
                .contains("code=");

        // The login changed the session id: across slots Spring Data renames by DUMP/RESTORE, which must keep a TTL.
        String sessionKey = PREFIX + "session:sessions:" + sessionCookie(browser);
        assertThat(redis.sync().exists(sessionKey)).isEqualTo(1L);
        assertThat(redis.sync().pttl(sessionKey)).as("session hash has a TTL").isPositive();
    }

    @Test
    void loginFailuresOnACountOnBAndTheLockoutKeysSpreadOverTheMasters() {
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

        // The IP window's two keys share one hash tag (the script touches both), so they share one slot.
        List<String> ipKeys = new ArrayList<>();
        keysByMaster().values().forEach(keys -> keys.stream().filter(k -> k.startsWith(PREFIX + "lockout:ip:"))
                .forEach(ipKeys::add));
        assertThat(ipKeys).hasSizeGreaterThanOrEqualTo(2);
        assertThat(ipKeys.stream().map(SlotHash::getSlot).distinct()).hasSize(1);
        assertThat(redis.sync().clusterKeyslot(ipKeys.get(0))).isEqualTo(SlotHash.getSlot(ipKeys.get(1)));
    }

    @Test
    void aTotpCodeAcceptedOnBIsRefusedOnA() {
        String a = nodeA.issuer("portal");
        String b = nodeB.issuer("portal");
        byte[] secret = enrolOnAccountPage(new Browser(), a, "totp@example.org", clock);
        String totp = code(secret, clock, 0);

        Browser onB = new Browser();
        assertThat(Browser.location(password(onB, b, "totp@example.org"))).endsWith("/login/second-factor");
        assertThat(Browser.location(postFrom(onB, b + "/login/second-factor", b + "/login/second-factor",
                Map.of("code", totp)))).doesNotContain("second-factor");

        Browser onA = new Browser();
        assertThat(Browser.location(password(onA, a, "totp@example.org"))).endsWith("/login/second-factor");
        assertThat(Browser.location(postFrom(onA, a + "/login/second-factor", a + "/login/second-factor",
                Map.of("code", totp)))).as("replayed on the other node").endsWith("?error");
    }

    @Test
    void aRequestUriPushedToAIsUsedOnceOnB() {
        OidcTestClient onA = rp(nodeA);
        var pkce = OidcTestClient.Pkce.create();
        var pushed = onA.postWithClientAuth("/oauth2/par", onA.authorizationParams(pkce, "st", "n"));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        String requestUri = OidcTestClient.json(pushed.body()).get("request_uri").asString();

        Browser browser = new Browser();
        OidcTestClient onB = rp(nodeB);
        var result = onB.loginAndAuthorize(browser, Map.of("client_id", "rp", "request_uri", requestUri),
                "par@example.org", PASSWORD);
        assertThat(result).containsKey("code");
        assertThat(onB.redeemCode(result.get("code"), pkce.verifier()).statusCode()).isEqualTo(200);

        var reused = browser.get(onA.authorizationUrl(Map.of("client_id", "rp", "request_uri", requestUri)));
        assertThat(reused.statusCode()).as("used request_uri, presented on A").isEqualTo(400);
    }

    @Test
    void aReplayedDpopProofIsRefused() throws Exception {
        // The jti cache expires its keys at an absolute time (PXAT), which only works while the server's clock
        // agrees with Redis's, as NTP makes it in production: put the frozen test clock back on the real time.
        clock.set(Instant.now());
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        var pkce = OidcTestClient.Pkce.create();
        var spa = new OidcTestClient(nodeA.issuer("portal"), "spa", null, REDIRECT);
        String authCode = spa.loginAndAuthorize(new Browser(), spa.authorizationParams(pkce, "s", "n"),
                "dpop@example.org", PASSWORD).get("code");
        String tokenUri = nodeA.issuer("portal") + "/oauth2/token";
        var tokens = post(tokenUri, Map.of("grant_type", "authorization_code", "code", authCode,
                "redirect_uri", REDIRECT, "code_verifier", pkce.verifier(), "client_id", "spa"),
                Map.of("DPoP", proof(key, "POST", tokenUri, null)));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        String accessToken = OidcTestClient.json(tokens.body()).get("access_token").asString();

        // A proof names one node's URL (htu), so a replay is tested on that node; the jti cache it hits is the
        // cluster's, shared by both nodes.
        String userinfoA = nodeA.issuer("portal") + "/userinfo";
        String good = proof(key, "GET", userinfoA, accessToken);
        var ok = new Browser().get(userinfoA, Map.of("Authorization", "DPoP " + accessToken, "DPoP", good));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        var replayed = new Browser().get(userinfoA, Map.of("Authorization", "DPoP " + accessToken, "DPoP", good));
        assertThat(replayed.statusCode()).as("replayed proof").isEqualTo(401);
        assertThat(keysByMaster().values().stream().flatMap(List::stream)
                .filter(k -> k.startsWith(PREFIX + "dpop-jti:"))).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aLogoutOnAEndsTheSessionOnBAndIsReportedOnce() {
        var eventsA = nodeA.recordEvents(SsoSessionEnded.class);
        var eventsB = nodeB.recordEvents(SsoSessionEnded.class);
        Browser browser = new Browser();
        var pkce = OidcTestClient.Pkce.create();
        OidcTestClient onA = rp(nodeA);
        String authCode = onA.loginAndAuthorize(browser, onA.authorizationParams(pkce, "s", "n"),
                "logout@example.org", PASSWORD).get("code");
        String idToken = OidcTestClient.json(onA.redeemCode(authCode, pkce.verifier()).body())
                .get("id_token").asString();
        String sid = SessionIds.sid(sessionCookie(browser));
        var logout = browser.get(nodeA.issuer("portal") + "/connect/logout?" + Browser.formBody(Map.of(
                "id_token_hint", idToken, "post_logout_redirect_uri", "https://rp.example.test/bye")));
        assertThat(Browser.location(logout)).startsWith("https://rp.example.test/bye");

        OidcTestClient onB = rp(nodeB);
        var silent = browser.get(onB.authorizationUrl(params(onB, "prompt", "none")));
        assertThat(Browser.queryParams(Browser.location(silent))).as("B no longer knows the session")
                .containsEntry("error", "login_required");
        List<SsoSessionEnded> all = new ArrayList<>(eventsA);
        all.addAll(eventsB);
        assertThat(all).extracting(SsoSessionEnded::sid).containsExactly(sid);
    }

    @Test
    void sessionsThatExpireOnEveryMasterAreEachReportedOnce() throws Exception {
        var eventsA = nodeA.recordEvents(SsoSessionEnded.class);
        var eventsB = nodeB.recordEvents(SsoSessionEnded.class);
        var store = nodeA.bean(RedisIndexedSessionRepository.class);
        // Sign in until the sessions' expiry keys sit on all three masters (session ids are random).
        Set<Integer> masters = new HashSet<>();
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < 40 && masters.size() < 3; i++) {
            Browser browser = new Browser();
            signIn(i % 2 == 0 ? nodeA : nodeB, browser, "expiry");
            String sessionId = sessionCookie(browser);
            String expiresKey = PREFIX + "session:sessions:expires:" + sessionId;
            assertThat(redis.sync().exists(expiresKey)).isEqualTo(1L);
            if (masters.add(masterOf(expiresKey))) {
                sids.add(SessionIds.sid(sessionId));
                // Nobody returns: shorten its lifetime instead of waiting the realm's 30 minutes.
                var session = store.findById(sessionId);
                session.setMaxInactiveInterval(Duration.ofSeconds(1));
                store.save(session);
            }
        }
        assertThat(masters).as("sessions on every master").hasSize(3);

        Instant deadline = Instant.now().plusSeconds(30);
        while (eventsA.size() + eventsB.size() < sids.size() && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        Thread.sleep(1000);   // a duplicate from the other node would arrive within this
        List<SsoSessionEnded> all = new ArrayList<>(eventsA);
        all.addAll(eventsB);
        assertThat(all).extracting(SsoSessionEnded::reason).containsOnly(SsoSessionEnded.Reason.TIMEOUT);
        assertThat(all).extracting(SsoSessionEnded::sid).containsExactlyInAnyOrderElementsOf(sids);
    }

    @Test
    void toegangsKeysLandOnEveryMaster() {
        // Session keys hash by their random ids; a few logins spread them, unless a key layout pins them to one slot.
        for (int i = 0; i < 30 && keysByMaster().values().stream().anyMatch(List::isEmpty); i++) {
            signIn(i % 2 == 0 ? nodeA : nodeB, new Browser(), "sso");
        }
        Map<Integer, List<String>> keys = keysByMaster();
        assertThat(keys).hasSize(3);
        assertThat(keys.values()).as("every master holds some of Toegang's keys").allSatisfy(list ->
                assertThat(list).isNotEmpty());
        for (int port : cluster.ports()) {
            assertThat(redis.getConnection("127.0.0.1", port).sync().dbsize()).as("DBSIZE on " + port).isPositive();
        }
    }
}
