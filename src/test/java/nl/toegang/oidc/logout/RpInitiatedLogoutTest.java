package nl.toegang.oidc.logout;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import nl.toegang.oidc.keys.RealmKeyService;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.OidcTestClient.Pkce;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OIDC RP-Initiated Logout at {@code /realms/{realm}/connect/logout}, over real HTTP: a verified id_token_hint ends
 * the session at once and returns to the exact registered URI with state; anything less (no hint, a tampered,
 * unsigned or foreign one) asks the user on a CSRF-protected page first; and only the realm logged out of ends.
 */
class RpInitiatedLogoutTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String REDIRECT = "https://rp.example.test/callback";
    static final String BYE = "https://rp.example.test/bye";

    @TempDir
    static Path temp;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        for (String realm : new String[]{"portal", "other", "brief"}) {
            // "brief": ID tokens expire after a second, so a test can hold a really expired one.
            Files.writeString(realms.resolve(realm + ".yaml"), """
                    name: %s
                    displayName: Test %s
                    settings:
                      idTokenLifetime: %s
                    clients:
                      - clientId: rp
                        type: confidential
                        secret: %s
                        redirectUris: [%s]
                        postLogoutRedirectUris: [%s]
                        scopes: [openid, profile, email]
                      - clientId: rp2
                        type: confidential
                        secret: %s
                        redirectUris: [%s]
                        postLogoutRedirectUris: [%s]
                        scopes: [openid, profile, email]
                    users:
                      - email: alice@example.org
                        password: %s
                        name: Alice Example
                        emailVerified: true
                    """.formatted(realm, realm, realm.equals("brief") ? "1s" : "5m", SECRET, REDIRECT, BYE,
                    SECRET, REDIRECT, BYE, PASSWORD));
        }
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static OidcTestClient client(String realm) {
        return client(realm, "rp");
    }

    static OidcTestClient client(String realm, String clientId) {
        return new OidcTestClient(server.issuer(realm), clientId, SECRET, REDIRECT);
    }

    static String signIn(Browser browser, String realm) {
        return tokens(browser, realm, "rp").get("id_token").asString();
    }

    /** The token response of a code flow of {@code clientId}, signing in first when the browser has no session. */
    static JsonNode tokens(Browser browser, String realm, String clientId) {
        OidcTestClient client = client(realm, clientId);
        Pkce pkce = Pkce.create();
        var params = client.authorizationParams(pkce, "s-" + UUID.randomUUID(), "n-" + UUID.randomUUID());
        String code;
        if (signedIn(browser, realm)) {
            code = Browser.queryParams(Browser.location(browser.get(client.authorizationUrl(params)))).get("code");
        } else {
            code = client.loginAndAuthorize(browser, params, "alice@example.org", PASSWORD).get("code");
        }
        var tokens = client.redeemCode(code, pkce.verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return OidcTestClient.json(tokens.body());
    }

    /** The ID token of a refresh of {@code refreshToken}. */
    static String refreshedIdToken(String realm, String refreshToken) {
        var refreshed = client(realm).refresh(refreshToken);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        return OidcTestClient.json(refreshed.body()).get("id_token").asString();
    }

    /** True when the browser still has an SSO session in the realm: authorize answers with a code at once. */
    static boolean signedIn(Browser browser, String realm) {
        OidcTestClient client = client(realm);
        var response = browser.get(client.authorizationUrl(client.authorizationParams(Pkce.create(), "s", "n")));
        return Browser.location(response).startsWith(REDIRECT + "?code=");
    }

    static HttpResponse<String> endSession(Browser browser, Map<String, String> params) {
        return endSession(browser, "portal", params);
    }

    static HttpResponse<String> endSession(Browser browser, String realm, Map<String, String> params) {
        return browser.get(server.issuer(realm) + "/connect/logout?" + Browser.formBody(params));
    }

    /** {@code idToken}'s claims changed by {@code change}, signed with the realm's own signing key. */
    static String resigned(String realm, String idToken, UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        JWK key = server.bean(RealmKeyService.class).signingKey(realm);
        JWTClaimsSet claims = change.apply(new JWTClaimsSet.Builder(SignedJWT.parse(idToken).getJWTClaimsSet()))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.parse(key.getAlgorithm().getName()))
                .keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key.toRSAKey()));
        return jwt.serialize();
    }

    static int logoutEvents() {
        return server.bean(JdbcClient.class).sql("SELECT count(*) FROM audit_event WHERE type = 'logout'")
                .query(Integer.class).single();
    }

    @Test
    void aVerifiedHintEndsOnlyThatRealmAndReturnsToTheRegisteredUriWithState() {
        Browser browser = new Browser();
        String idToken = signIn(browser, "portal");
        signIn(browser, "other");

        var logout = endSession(browser, Map.of("id_token_hint", idToken, "post_logout_redirect_uri", BYE,
                "state", "st a/te&x"));
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(Browser.location(logout)).isEqualTo(BYE + "?state=st%20a%2Fte%26x");
        assertThat(signedIn(browser, "portal")).isFalse();
        assertThat(signedIn(browser, "other")).as("another realm in the same browser is not logged out").isTrue();
    }

    @Test
    void aVerifiedHintWithoutRedirectUriEndsAtTheSignedOutPage() {
        Browser browser = new Browser();
        String idToken = signIn(browser, "portal");
        var logout = endSession(browser, Map.of("id_token_hint", idToken));
        assertThat(logout.statusCode()).isEqualTo(303);
        var page = browser.get(Browser.resolve(logout), Map.of("Accept-Language", "en"));
        assertThat(page.body()).contains("id=\"logout-done\"").contains("You are signed out of Test portal");
        assertThat(signedIn(browser, "portal")).isFalse();
    }

    @Test
    void withoutAHintTheUserIsAskedFirstInDutchOrEnglish() {
        Browser browser = new Browser();
        signIn(browser, "portal");
        int before = logoutEvents();

        var logout = endSession(browser, Map.of("client_id", "rp", "post_logout_redirect_uri", BYE, "state", "s1"));
        assertThat(logout.statusCode()).isEqualTo(303);
        String confirmUrl = Browser.resolve(logout);
        assertThat(confirmUrl).startsWith(server.issuer("portal") + "/logout?");
        assertThat(signedIn(browser, "portal")).as("nothing ends before the user confirms").isTrue();
        assertThat(logoutEvents()).isEqualTo(before);

        var dutch = browser.get(confirmUrl);
        assertThat(dutch.body()).contains("Wilt u uitloggen bij Test portal?");
        var english = browser.get(confirmUrl, Map.of("Accept-Language", "en"));
        assertThat(english.statusCode()).isEqualTo(200);
        assertThat(english.body()).contains("Do you want to sign out of Test portal?")
                .contains("id=\"logout-confirm-form\"");

        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", "rp");
        form.put("post_logout_redirect_uri", BYE);
        form.put("state", "s1");
        var forged = browser.postForm(server.issuer("portal") + "/logout", form);
        assertThat(forged.statusCode()).isEqualTo(303);
        assertThat(Browser.location(forged)).as("no CSRF token: back to the question").endsWith("/logout?expired");
        assertThat(signedIn(browser, "portal")).isTrue();

        form.put("_csrf", Browser.csrfToken(english.body()));
        var confirmed = browser.postForm(server.issuer("portal") + "/logout", form);
        assertThat(confirmed.statusCode()).isEqualTo(303);
        assertThat(Browser.location(confirmed)).isEqualTo(BYE + "?state=s1");
        assertThat(signedIn(browser, "portal")).isFalse();
        assertThat(logoutEvents()).isEqualTo(before + 1);
    }

    @Test
    void afterConfirmationAnUnregisteredOrUnnamedTargetIsNeverRedirectedTo() {
        for (Map<String, String> params : new Map[]{
                Map.of("client_id", "rp", "post_logout_redirect_uri", "https://evil.example.test/", "state", "x"),
                Map.of("post_logout_redirect_uri", BYE, "state", "x")}) {
            Browser browser = new Browser();
            signIn(browser, "portal");
            var confirm = browser.get(Browser.resolve(endSession(browser, params)));
            Map<String, String> form = new LinkedHashMap<>(params);
            form.put("_csrf", Browser.csrfToken(confirm.body()));
            var confirmed = browser.postForm(server.issuer("portal") + "/logout", form);
            assertThat(confirmed.statusCode()).isEqualTo(303);
            assertThat(Browser.location(confirmed)).isEqualTo("/realms/portal/logout/done");
            assertThat(signedIn(browser, "portal")).isFalse();
        }
    }

    @Test
    void aTamperedUnsignedOrForeignHintAsksInsteadOfRedirecting() throws Exception {
        Browser browser = new Browser();
        String idToken = signIn(browser, "portal");
        String[] parts = idToken.split("\\.");
        JWTClaimsSet claims = JWTClaimsSet.parse(Base64URL.from(parts[1]).decodeToString());
        String tampered = parts[0] + "." + Base64URL.encode(new JWTClaimsSet.Builder(claims).subject("mallory")
                .build().toString()) + "." + parts[2];
        String unsigned = new PlainJWT(claims).serialize();
        String foreign = signIn(new Browser(), "other");
        String otherSession = signIn(new Browser(), "portal");

        for (String hint : new String[]{tampered, unsigned, foreign, otherSession, "garbage"}) {
            var logout = endSession(browser, Map.of("id_token_hint", hint, "post_logout_redirect_uri", BYE));
            assertThat(logout.statusCode()).isEqualTo(303);
            assertThat(Browser.location(logout)).startsWith("/realms/portal/logout?");
            assertThat(signedIn(browser, "portal")).isTrue();
        }
    }

    @Test
    void aVerifiedHintWithAnUnregisteredRedirectUriIsAnErrorWithoutRedirect() {
        Browser browser = new Browser();
        String idToken = signIn(browser, "portal");
        var logout = endSession(browser, Map.of("id_token_hint", idToken,
                "post_logout_redirect_uri", BYE + "?extra=1"));
        assertThat(logout.statusCode()).isEqualTo(400);
        assertThat(logout.headers().firstValue("Location")).isEmpty();
        assertThat(logout.body()).doesNotContain("Exception").doesNotContain("at org.");
        assertThat(signedIn(browser, "portal")).isTrue();
    }

    @Test
    void withoutASessionAConfirmationWithARegisteredTargetGoesStraightBack() {
        var logout = endSession(new Browser(), Map.of("client_id", "rp", "post_logout_redirect_uri", BYE,
                "state", "s2"));
        var confirm = new Browser().get(Browser.resolve(logout));
        assertThat(confirm.statusCode()).isEqualTo(303);
        assertThat(Browser.location(confirm)).isEqualTo(BYE + "?state=s2");
    }

    /**
     * The ID token a portal kept from the login still ends the session after the portal refreshed (and got a newer
     * one): it was signed by the realm, for this client, person and session. It used to land on the question page.
     */
    @Test
    void anEarlierIdTokenOfTheSessionEndsItAtOnceAfterARefresh() {
        Browser browser = new Browser();
        JsonNode tokens = tokens(browser, "portal", "rp");
        String first = tokens.get("id_token").asString();
        String second = refreshedIdToken("portal", tokens.get("refresh_token").asString());
        assertThat(second).isNotEqualTo(first);
        int before = logoutEvents();

        var logout = endSession(browser, Map.of("id_token_hint", first, "post_logout_redirect_uri", BYE,
                "state", "s3"));
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(Browser.location(logout)).as("no question asked").isEqualTo(BYE + "?state=s3");
        assertThat(signedIn(browser, "portal")).isFalse();
        assertThat(logoutEvents()).isEqualTo(before + 1);
    }

    /** OIDC RP-Initiated Logout §2: an expired ID token of the session is a valid hint too. */
    @Test
    void anExpiredEarlierIdTokenOfTheSessionStillEndsIt() throws Exception {
        Browser browser = new Browser();
        JsonNode tokens = tokens(browser, "brief", "rp");
        String first = tokens.get("id_token").asString();
        refreshedIdToken("brief", tokens.get("refresh_token").asString());
        Instant expiry = SignedJWT.parse(first).getJWTClaimsSet().getExpirationTime().toInstant();
        while (!Instant.now().isAfter(expiry)) {
            Thread.sleep(100); // the realm's ID tokens live one second; nothing is measured, only waited out
        }

        var logout = endSession(browser, "brief", Map.of("id_token_hint", first, "post_logout_redirect_uri", BYE));
        assertThat(Browser.location(logout)).isEqualTo(BYE);
        assertThat(signedIn(browser, "brief")).isFalse();
    }

    /** A key rotation does not turn the portal's ID tokens into strangers while the old key is still published. */
    @Test
    void aHintSignedByAKeyRotatedAwaySinceStillEndsTheSession() throws Exception {
        Browser browser = new Browser();
        String idToken = signIn(browser, "portal");
        String oldKid = SignedJWT.parse(idToken).getHeader().getKeyID();
        String newKid = server.bean(RealmKeyService.class).rotate("portal", "RS256", Duration.ofHours(1));
        assertThat(newKid).isNotEqualTo(oldKid);

        var logout = endSession(browser, Map.of("id_token_hint", idToken, "post_logout_redirect_uri", BYE));
        assertThat(Browser.location(logout)).isEqualTo(BYE);
        assertThat(signedIn(browser, "portal")).isFalse();
    }

    /**
     * The hint names its client: an ID token of rp2 with {@code client_id=rp} (or the other way round) ends nothing
     * and asks, although both clients were signed in to in this very session. rp2's own hint alone does end it.
     */
    @Test
    void aHintOfAnotherClientThanClientIdAsks() {
        Browser browser = new Browser();
        String forRp = signIn(browser, "portal");
        String forRp2 = tokens(browser, "portal", "rp2").get("id_token").asString();
        int before = logoutEvents();

        for (var params : java.util.List.of(
                Map.of("id_token_hint", forRp2, "client_id", "rp", "post_logout_redirect_uri", BYE),
                Map.of("id_token_hint", forRp, "client_id", "rp2", "post_logout_redirect_uri", BYE))) {
            var logout = endSession(browser, params);
            assertThat(logout.statusCode()).isEqualTo(303);
            assertThat(Browser.location(logout)).startsWith("/realms/portal/logout?");
            assertThat(signedIn(browser, "portal")).isTrue();
        }
        assertThat(logoutEvents()).isEqualTo(before);

        var logout = endSession(browser, Map.of("id_token_hint", forRp2, "client_id", "rp2",
                "post_logout_redirect_uri", BYE));
        assertThat(Browser.location(logout)).isEqualTo(BYE);
        assertThat(signedIn(browser, "portal")).isFalse();
    }

    /**
     * Each requirement on its own: tokens signed with the realm's real key, but naming another issuer, another
     * audience, another person or another session, without a sid, or not being an ID token at all (an access token
     * of this session), all ask instead of ending the session.
     */
    @Test
    void aRealmSignedTokenThatNamesSomethingElseAsks() throws Exception {
        Browser browser = new Browser();
        JsonNode tokens = tokens(browser, "portal", "rp");
        String idToken = tokens.get("id_token").asString();
        assertThat(resigned("portal", idToken, c -> c)).as("the re-signing itself is accepted")
                .satisfies(hint -> assertThat(server.bean(IdTokenHints.class).verify("portal", hint, null,
                        java.util.Optional.empty(), null)).isInstanceOf(IdTokenHints.Verified.class));
        String[] hints = {
                resigned("portal", idToken, c -> c.issuer(server.issuer("other"))),
                resigned("portal", idToken, c -> c.audience("someone-else")),
                resigned("portal", idToken, c -> c.audience(java.util.List.of("rp", "rp2"))),
                resigned("portal", idToken, c -> c.subject("mallory")),
                resigned("portal", idToken, c -> c.claim("sid", "another-session")),
                resigned("portal", idToken, c -> c.claim("sid", null)),
                resigned("portal", idToken, c -> c.expirationTime(Date.from(Instant.now().minusSeconds(3600)))
                        .claim("sid", "another-session")),
                tokens.get("access_token").asString()};
        int before = logoutEvents();
        for (String hint : hints) {
            var logout = endSession(browser, Map.of("id_token_hint", hint, "post_logout_redirect_uri", BYE));
            assertThat(logout.statusCode()).isEqualTo(303);
            assertThat(Browser.location(logout)).startsWith("/realms/portal/logout?");
            assertThat(signedIn(browser, "portal")).isTrue();
        }
        assertThat(logoutEvents()).isEqualTo(before);
    }
}
