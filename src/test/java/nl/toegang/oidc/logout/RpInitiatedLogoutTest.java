package nl.toegang.oidc.logout;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.OidcTestClient.Pkce;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

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
        for (String realm : new String[]{"portal", "other"}) {
            Files.writeString(realms.resolve(realm + ".yaml"), """
                    name: %s
                    displayName: Test %s
                    clients:
                      - clientId: rp
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
                    """.formatted(realm, realm, SECRET, REDIRECT, BYE, PASSWORD));
        }
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static OidcTestClient client(String realm) {
        return new OidcTestClient(server.issuer(realm), "rp", SECRET, REDIRECT);
    }

    static String signIn(Browser browser, String realm) {
        OidcTestClient client = client(realm);
        Pkce pkce = Pkce.create();
        var params = client.authorizationParams(pkce, "s-" + UUID.randomUUID(), "n-" + UUID.randomUUID());
        String code = client.loginAndAuthorize(browser, params, "alice@example.org", PASSWORD).get("code");
        var tokens = client.redeemCode(code, pkce.verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return OidcTestClient.json(tokens.body()).get("id_token").asString();
    }

    /** True when the browser still has an SSO session in the realm: authorize answers with a code at once. */
    static boolean signedIn(Browser browser, String realm) {
        OidcTestClient client = client(realm);
        var response = browser.get(client.authorizationUrl(client.authorizationParams(Pkce.create(), "s", "n")));
        return Browser.location(response).startsWith(REDIRECT + "?code=");
    }

    static HttpResponse<String> endSession(Browser browser, Map<String, String> params) {
        return browser.get(server.issuer("portal") + "/connect/logout?" + Browser.formBody(params));
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
}
