package nl.toegang.oidc.logout;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import nl.toegang.session.SsoSessionEnded;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.OidcTestClient.Pkce;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OIDC Back-Channel Logout 1.0 through the real interfaces: users sign in to relying parties over HTTP, log out at the
 * end-session endpoint, and loopback HTTP endpoints of those relying parties receive the logout tokens, which are
 * verified here with the realm's published JWKS.
 */
class BackChannelLogoutTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String REDIRECT = "https://rp.example.test/callback";
    static final String BYE = "https://rp.example.test/bye";

    @TempDir
    static Path temp;
    static TestServer server;
    static LogoutReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = new LogoutReceiver();
        Path realms = Files.createDirectories(temp.resolve("realms"));
        StringBuilder clients = new StringBuilder();
        for (String[] c : new String[][]{{"rp", "/ok", "true"}, {"flaky-rp", "/flaky", "false"},
                {"hang-rp", "/hang", "false"}, {"plain-rp", null, null}}) {
            clients.append("  - clientId: ").append(c[0]).append('\n')
                    .append("    type: confidential\n")
                    .append("    secret: ").append(SECRET).append('\n')
                    .append("    redirectUris: [").append(REDIRECT).append("]\n")
                    .append("    postLogoutRedirectUris: [").append(BYE).append("]\n")
                    .append("    scopes: [openid, profile, email]\n");
            if (c[1] != null) {
                clients.append("    backchannelLogoutUri: ").append(receiver.url(c[1])).append('\n')
                        .append("    backchannelLogoutSessionRequired: ").append(c[2]).append('\n');
            }
        }
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Test Portaal
                clients:
                %s
                users:
                  - email: alice@example.org
                    password: %s
                    name: Alice Example
                    emailVerified: true
                """.formatted(clients, PASSWORD));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of(
                "toegang.backchannel-logout.dispatch-interval", "100ms",
                "toegang.backchannel-logout.first-retry", "300ms",
                "toegang.backchannel-logout.max-retry-delay", "1s",
                "toegang.backchannel-logout.timeout", "2s")).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        receiver.close();
    }

    record Session(String idToken, JWTClaimsSet claims) {
        String sid() {
            return (String) claims.getClaim("sid");
        }
    }

    static OidcTestClient client(String clientId) {
        return new OidcTestClient(server.issuer("portal"), clientId, SECRET, REDIRECT);
    }

    /** Signs the browser in (first time with the password, then by SSO) and returns the client's ID token. */
    static Session signIn(Browser browser, String clientId) {
        OidcTestClient client = client(clientId);
        Pkce pkce = Pkce.create();
        var params = client.authorizationParams(pkce, "s-" + UUID.randomUUID(), "n-" + UUID.randomUUID());
        var first = browser.get(client.authorizationUrl(params));
        String code;
        if (Browser.location(first).startsWith(REDIRECT)) {
            code = Browser.queryParams(Browser.location(first)).get("code");
        } else {
            code = client.loginAndAuthorize(browser, params, "alice@example.org", PASSWORD).get("code");
        }
        var tokens = client.redeemCode(code, pkce.verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        String idToken = OidcTestClient.json(tokens.body()).get("id_token").asString();
        return new Session(idToken, client.verify(idToken));
    }

    static void logout(Browser browser, Session session) {
        var logout = browser.get(server.issuer("portal") + "/connect/logout?" + Browser.formBody(Map.of(
                "id_token_hint", session.idToken(), "post_logout_redirect_uri", BYE, "state", "bye")));
        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(303);
        assertThat(Browser.location(logout)).isEqualTo(BYE + "?state=bye");
    }

    /** Verifies signature (published JWKS), header type and the claims every logout token must have. */
    static JWTClaimsSet verified(String token, String audience) throws Exception {
        var jwks = JWKSet.parse(new Browser().get(server.issuer("portal") + "/oauth2/jwks", Map.of()).body());
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("logout+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks)));
        JWTClaimsSet claims = processor.process(token, null);
        assertThat(claims.getIssuer()).isEqualTo(server.issuer("portal"));
        assertThat(claims.getAudience()).containsExactly(audience);
        assertThat(claims.getIssueTime()).isNotNull();
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(120_000L);
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getJSONObjectClaim("events"))
                .containsOnlyKeys("http://schemas.openid.net/event/backchannel-logout");
        assertThat(claims.getJSONObjectClaim("events").get("http://schemas.openid.net/event/backchannel-logout"))
                .isEqualTo(Map.of());
        assertThat(claims.getClaims()).as("a logout token is never mistaken for an ID token")
                .doesNotContainKey("nonce");
        return claims;
    }

    @Test
    void rpInitiatedLogoutSendsASignedLogoutTokenWithSubAndSidToTheClient() throws Exception {
        Browser browser = new Browser();
        Session session = signIn(browser, "rp");
        logout(browser, session);

        String token = receiver.await("/ok", t -> LogoutReceiver.hasSid(t, session.sid()), Duration.ofSeconds(10));
        JWTClaimsSet claims = verified(token, "rp");
        assertThat(claims.getSubject()).isEqualTo(session.claims().getSubject());
        assertThat(claims.getClaim("sid")).isEqualTo(session.sid());
        assertThat(SignedJWT.parse(token).getHeader().getKeyID()).isNotBlank();
    }

    @Test
    void aFailingEndpointIsRetriedWithBackoffUntilItAccepts() throws Exception {
        Browser browser = new Browser();
        Session session = signIn(browser, "flaky-rp");
        logout(browser, session);

        String token = receiver.await("/flaky", t -> LogoutReceiver.hasSid(t, session.sid()), Duration.ofSeconds(15));
        verified(token, "flaky-rp");
        String jti = SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        JdbcClient jdbc = server.bean(JdbcClient.class);
        awaitDelivered(jdbc, jti);
        long sameEvent = receiver.tokens("/flaky").stream().filter(t -> jtiOf(t).equals(jti)).count();
        assertThat(sameEvent).as("two refused attempts, then the accepted one").isEqualTo(3);
        assertThat(jdbc.sql("SELECT attempts FROM backchannel_logout_outbox WHERE id = ?").param(jti)
                .query(Integer.class).single()).isEqualTo(2);
        var reasons = jdbc.sql("SELECT reason FROM audit_event WHERE type = 'backchannel-logout' AND client_id = ?")
                .param("flaky-rp").query(String.class).list();
        assertThat(reasons).hasSize(2).allSatisfy(r -> assertThat(r).contains("HTTP 500")
                .doesNotContain(token).doesNotContain(token.substring(0, 20)));
    }

    @Test
    void aHangingEndpointDelaysNeitherTheLogoutNorTheOtherClients() throws Exception {
        Browser browser = new Browser();
        Session hanging = signIn(browser, "hang-rp");
        Session ok = signIn(browser, "rp");
        assertThat(ok.sid()).as("one SSO session").isEqualTo(hanging.sid());

        long started = System.nanoTime();
        logout(browser, ok);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

        receiver.await("/hang", t -> LogoutReceiver.hasSid(t, hanging.sid()), Duration.ofSeconds(10));
        long waiting = System.nanoTime();
        receiver.await("/ok", t -> LogoutReceiver.hasSid(t, ok.sid()), Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - waiting))
                .as("the other client's token does not wait for the hanging one").isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aClientWithoutBackchannelLogoutUriGetsNothing() throws Exception {
        Browser browser = new Browser();
        Session plain = signIn(browser, "plain-rp");
        logout(browser, plain);
        Session other = signIn(new Browser(), "rp");
        logout(new Browser(), other); // not signed in in that browser: nothing ends, nothing is sent

        Thread.sleep(1000); // several dispatcher passes
        JdbcClient jdbc = server.bean(JdbcClient.class);
        assertThat(jdbc.sql("SELECT count(*) FROM backchannel_logout_outbox WHERE client_id = 'plain-rp'")
                .query(Integer.class).single()).isZero();
        assertThat(receiver.tokens("/ok")).noneMatch(t -> LogoutReceiver.hasSid(t, plain.sid()));
    }

    @Test
    void whenAllSessionsEndEveryClientSessionIsToldWithItsSid() throws Exception {
        Session first = signIn(new Browser(), "rp");
        Session second = signIn(new Browser(), "rp");
        assertThat(first.sid()).isNotEqualTo(second.sid());

        server.publishEvent(new SsoSessionEnded("portal",
                first.claims().getSubject(), null, SsoSessionEnded.Reason.SIGN_OUT_EVERYWHERE));

        for (Session session : Set.of(first, second)) {
            JWTClaimsSet claims = verified(receiver.await("/ok", t -> LogoutReceiver.hasSid(t, session.sid()),
                    Duration.ofSeconds(10)), "rp");
            assertThat(claims.getSubject()).isEqualTo(first.claims().getSubject());
        }
    }

    private static String jtiOf(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        } catch (ParseException e) {
            return "";
        }
    }

    private static void awaitDelivered(JdbcClient jdbc, String id) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (jdbc.sql("SELECT count(*) FROM backchannel_logout_outbox WHERE id = ? AND delivered_at IS NOT NULL")
                    .param(id).query(Integer.class).single() == 1) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("delivery " + id + " not recorded as delivered");
    }
}
