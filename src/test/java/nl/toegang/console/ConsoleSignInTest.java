package nl.toegang.console;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.RealmYaml;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account console as an OIDC client of its own realm, over real HTTP with every hop visible: the authorization
 * request it makes, the callback's checks (state, code, ID token), the console login ending with the realm session,
 * re-authentication for sensitive changes, and the return path.
 */
class ConsoleSignInTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String SECRET = "console-signin-secret-0123456789abcdef";
    static final String REDIRECT = "https://rp.example.test/callback";
    static final Map<String, String> ENGLISH = Map.of("Accept", "text/html", "Accept-Language", "en");

    @TempDir
    static Path temp;
    static TestServer server;
    static MutableClock clock;

    @BeforeAll
    static void start() throws IOException {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        for (String realm : new String[]{"portal", "other"}) {
            String users = RealmYaml.verifiedUsers(PASSWORD,
                    List.of("alice", "bob", "carol", "dave", "erin", "fay", "gus", "hal", "ida"));
            Files.writeString(realms.resolve(realm + ".yaml"), """
                    name: %s
                    displayName: Console %s
                    clients:
                      - clientId: rp
                        type: confidential
                        secret: %s
                        redirectUris: [%s]
                        grantTypes: [authorization_code]
                        scopes: [openid, profile, email]
                    users:
                    """.formatted(realm, realm, SECRET, REDIRECT) + users);
        }
        clock = new MutableClock(Instant.now());
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).withClock(clock).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static String issuer(String realm) {
        return server.issuer(realm);
    }

    /** Signs the browser in to the realm with the login form (no console login yet). */
    static void signIn(Browser browser, String realm, String email, String password) {
        var form = browser.get(issuer(realm) + "/login");
        var posted = browser.postForm(issuer(realm) + "/login", Map.of("email", email, "password", password,
                "_csrf", Browser.csrfToken(form.body())));
        assertThat(posted.statusCode()).as("password accepted").isEqualTo(303);
        assertThat(Browser.location(posted)).doesNotContain("/login");
    }

    /** A browser that shows every hop, signed in to the realm. */
    static Browser signedIn(String realm, String user) {
        Browser browser = new Browser().withoutConsoleRoundTrip();
        signIn(browser, realm, user + "@example.org", PASSWORD);
        return browser;
    }

    /** GET of a console page that answers with the console's authorization request; returns its URL. */
    static String consoleAuthorizationRequest(Browser browser, String url) {
        var page = browser.get(url);
        assertThat(page.statusCode()).as("console page without console login").isEqualTo(303);
        return Browser.resolve(page);
    }

    /** Follows the authorization request (SSO) and returns the callback URL with code and state. */
    static String callbackUrl(Browser browser, String authorizationRequest) {
        var authorize = browser.get(authorizationRequest);
        assertThat(authorize.statusCode()).as("SSO: straight back with a code").isEqualTo(302);
        String callback = Browser.resolve(authorize);
        assertThat(callback).contains("/account/callback?").contains("code=");
        return callback;
    }

    static String withParameter(String url, String name, String value) {
        String replaced = url.replaceAll("([?&])" + name + "=[^&]*", "$1" + name + "=" + Browser.enc(value));
        assertThat(replaced).as("parameter %s present", name).isNotEqualTo(url);
        return replaced;
    }

    static String withoutParameter(String url, String name) {
        return url.replaceAll("([?&])" + name + "=[^&]*&?", "$1");
    }

    @Test
    void aConsolePageWithoutConsoleLoginStartsAnAuthorizationCodeRequestWithPkceStateAndNonce() {
        Browser browser = signedIn("portal", "alice");
        String request = consoleAuthorizationRequest(browser, issuer("portal") + "/account/activity");

        assertThat(request).startsWith(issuer("portal") + "/oauth2/authorize?");
        var params = Browser.queryParams(request);
        assertThat(params).containsEntry("response_type", "code").containsEntry("client_id", "account-console")
                .containsEntry("redirect_uri", issuer("portal") + "/account/callback")
                .containsEntry("scope", "openid").containsEntry("code_challenge_method", "S256")
                .containsKeys("state", "nonce", "code_challenge").doesNotContainKey("max_age");
        assertThat(params.get("state")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(params.get("nonce")).hasSizeGreaterThanOrEqualTo(43);

        var back = browser.get(callbackUrl(browser, request));
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(Browser.location(back)).isEqualTo("/realms/portal/account/activity");
        assertThat(browser.get(issuer("portal") + "/account/activity", ENGLISH).statusCode()).isEqualTo(200);
        assertThat(browser.get(issuer("portal") + "/account", ENGLISH).statusCode()).as("one login, every page")
                .isEqualTo(200);
    }

    @Test
    void withoutARealmSessionTheConsoleGoesToTheRealmsLoginPageLikeAnyPortal() {
        Browser browser = new Browser().withoutConsoleRoundTrip();
        String request = consoleAuthorizationRequest(browser, issuer("portal") + "/account");
        var authorize = browser.get(request);
        assertThat(Browser.location(authorize)).endsWith("/realms/portal/login");

        // After the login form, the same authorization request continues, then the console page.
        Browser following = new Browser();
        var toLogin = following.get(issuer("portal") + "/account");
        assertThat(Browser.location(toLogin)).endsWith("/realms/portal/login");
        var form = following.get(Browser.resolve(toLogin));
        var page = following.postForm(issuer("portal") + "/login", Map.of("email", "alice@example.org",
                "password", PASSWORD, "_csrf", Browser.csrfToken(form.body())), ENGLISH);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/realms/portal/account");
        assertThat(page.body()).contains("alice@example.org");
    }

    @Test
    void aCallbackWithAWrongOrMissingStateIsRefusedAndSignsNothingIn() {
        Browser browser = signedIn("portal", "bob");
        String callback = callbackUrl(browser, consoleAuthorizationRequest(browser, issuer("portal") + "/account"));

        var wrong = browser.get(withParameter(callback, "state", "not-the-state"), ENGLISH);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("We could not open your account page").doesNotContain("Exception");
        var missing = browser.get(withoutParameter(callback, "state"), ENGLISH);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(browser.get(issuer("portal") + "/account").statusCode()).as("still no console login")
                .isEqualTo(303);

        // Another browser's state is not this browser's either.
        Browser other = signedIn("portal", "bob");
        assertThat(other.get(callback).statusCode()).isEqualTo(400);
    }

    @Test
    void aReplayedCallbackOrCodeIsRefused() {
        Browser browser = signedIn("portal", "carol");
        String callback = callbackUrl(browser, consoleAuthorizationRequest(browser, issuer("portal") + "/account"));
        assertThat(browser.get(callback).statusCode()).isEqualTo(303);

        assertThat(browser.get(callback).statusCode()).as("same callback again: state used up").isEqualTo(400);

        // The used code with a fresh state of this browser: the token endpoint refuses it.
        String code = Browser.queryParams(callback).get("code");
        Browser fresh = signedIn("portal", "carol");
        String newCallback = callbackUrl(fresh, consoleAuthorizationRequest(fresh, issuer("portal") + "/account"));
        var replayed = fresh.get(withParameter(newCallback, "code", code));
        assertThat(replayed.statusCode()).isEqualTo(400);
        assertThat(fresh.get(issuer("portal") + "/account").statusCode()).isEqualTo(303);
    }

    @Test
    void aCodeOrIdTokenOfAnotherClientOrRealmIsRefused() {
        // A code the realm issued to another client, brought to the console's callback with a valid state.
        Browser browser = signedIn("portal", "dave");
        var rp = new OidcTestClient(issuer("portal"), "rp", SECRET, REDIRECT);
        var pkce = OidcTestClient.Pkce.create();
        var rpAuthorize = browser.get(rp.authorizationUrl(rp.authorizationParams(pkce, "s", "n")));
        String rpCode = Browser.queryParams(Browser.location(rpAuthorize)).get("code");
        String callback = callbackUrl(browser, consoleAuthorizationRequest(browser, issuer("portal") + "/account"));
        assertThat(browser.get(withParameter(callback, "code", rpCode)).statusCode()).isEqualTo(400);

        // A console code of another realm, at this realm's callback.
        signIn(browser, "other", "dave@example.org", PASSWORD);
        String otherCallback = callbackUrl(browser,
                consoleAuthorizationRequest(browser, issuer("other") + "/account"));
        String otherCode = Browser.queryParams(otherCallback).get("code");
        String portalCallback = callbackUrl(browser,
                consoleAuthorizationRequest(browser, issuer("portal") + "/account"));
        assertThat(browser.get(withParameter(portalCallback, "code", otherCode)).statusCode()).isEqualTo(400);
        assertThat(browser.get(issuer("portal") + "/account").statusCode()).isEqualTo(303);

        // ID tokens themselves: another client's (aud) and another realm's console (signature, iss) are refused.
        var idTokens = server.bean(ConsoleIdTokens.class);
        assertThat(idTokens.validate("portal", idToken(browser, rp, "n2"), "n2"))
                .isInstanceOfSatisfying(ConsoleIdTokens.Invalid.class,
                        invalid -> assertThat(invalid.reason()).contains("aud"));
        var otherRp = new OidcTestClient(issuer("other"), "rp", SECRET, REDIRECT);
        assertThat(idTokens.validate("portal", idToken(browser, otherRp, "n2"), "n2"))
                .isInstanceOf(ConsoleIdTokens.Invalid.class);
    }

    /** An ID token of {@code client} for the person signed in to its realm in {@code browser}. */
    static String idToken(Browser browser, OidcTestClient client, String nonce) {
        var pkce = OidcTestClient.Pkce.create();
        var authorize = browser.get(client.authorizationUrl(client.authorizationParams(pkce, "s-" + nonce, nonce)));
        String code = Browser.queryParams(Browser.location(authorize)).get("code");
        var tokens = client.redeemCode(code, pkce.verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return OidcTestClient.json(tokens.body()).get("id_token").asString();
    }

    @Test
    void theConsoleLoginEndsWithTheRealmSession() {
        // Signed out everywhere from another device: the console login of this browser no longer counts.
        Browser laptop = signedIn("portal", "erin");
        assertThat(laptop.get(callbackUrl(laptop, consoleAuthorizationRequest(laptop, issuer("portal") + "/account")))
                .statusCode()).isEqualTo(303);
        assertThat(laptop.get(issuer("portal") + "/account").statusCode()).isEqualTo(200);

        Browser phone = new Browser();
        signIn(phone, "portal", "erin@example.org", PASSWORD);
        var page = phone.get(issuer("portal") + "/account");
        assertThat(page.statusCode()).isEqualTo(200);
        var ended = phone.postForm(issuer("portal") + "/account/sessions/end-others",
                Map.of("_csrf", Browser.csrfToken(page.body())));
        assertThat(ended.statusCode()).isEqualTo(303);
        var stale = laptop.get(issuer("portal") + "/account");
        assertThat(stale.statusCode()).isEqualTo(303);
        assertThat(Browser.location(laptop.get(Browser.resolve(stale)))).as("to the login page, no SSO")
                .endsWith("/realms/portal/login");

        // Another person signing in in the same browser: the first person's console login is not theirs.
        Browser shared = signedIn("portal", "fay");
        assertThat(shared.get(callbackUrl(shared, consoleAuthorizationRequest(shared, issuer("portal") + "/account")))
                .statusCode()).isEqualTo(303);
        signIn(shared, "portal", "gus@example.org", PASSWORD);
        assertThat(shared.get(issuer("portal") + "/account").statusCode()).isEqualTo(303);

        // RP-initiated logout of the realm session.
        Browser portalUser = new Browser();
        signIn(portalUser, "portal", "hal@example.org", PASSWORD);
        assertThat(portalUser.get(issuer("portal") + "/account").statusCode()).isEqualTo(200);
        var rp = new OidcTestClient(issuer("portal"), "rp", SECRET, REDIRECT);
        var logout = portalUser.get(issuer("portal") + "/connect/logout?"
                + Browser.formBody(Map.of("id_token_hint", idToken(portalUser, rp, "n3"))));
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(portalUser.withoutConsoleRoundTrip().get(issuer("portal") + "/account").statusCode())
                .isEqualTo(303);
    }

    @Test
    void aSensitiveChangeSixMinutesAfterSignInSignsInAgainAndIsThenRepeated() {
        Browser browser = new Browser();
        signIn(browser, "portal", "ida@example.org", PASSWORD);
        var page = browser.get(issuer("portal") + "/account", ENGLISH);
        assertThat(page.statusCode()).isEqualTo(200);
        String newPassword = "Another-Stapler-Orbit-" + UUID.randomUUID().toString().substring(0, 6);
        clock.advance(Duration.ofMinutes(6));

        browser.withoutConsoleRoundTrip();
        var late = browser.postForm(issuer("portal") + "/account/password", Map.of("currentPassword", PASSWORD,
                "newPassword", newPassword, "_csrf", Browser.csrfToken(page.body())));
        assertThat(late.statusCode()).isEqualTo(303);
        String reauthenticate = Browser.resolve(late);
        assertThat(reauthenticate).startsWith(issuer("portal") + "/oauth2/authorize?");
        assertThat(Browser.queryParams(reauthenticate)).containsEntry("client_id", "account-console")
                .containsEntry("max_age", "300");
        assertThat(canSignIn("ida@example.org", PASSWORD)).as("nothing changed, not replayed").isTrue();

        // The realm asks for the password again (max_age), then back to the console with a notice.
        var authorize = browser.get(reauthenticate);
        assertThat(Browser.location(authorize)).endsWith("/realms/portal/login");
        var form = browser.get(Browser.resolve(authorize));
        var posted = browser.postForm(issuer("portal") + "/login", Map.of("email", "ida@example.org",
                "password", PASSWORD, "_csrf", Browser.csrfToken(form.body())));
        var again = browser.get(Browser.resolve(posted));
        String callback = Browser.resolve(again);
        assertThat(callback).contains("/account/callback?");
        var back = browser.get(callback);
        assertThat(Browser.location(back)).isEqualTo("/realms/portal/account");
        var fresh = browser.get(issuer("portal") + "/account", ENGLISH);
        assertThat(fresh.body()).contains("You have signed in again");

        // Now the change goes through: the person repeats it.
        var changed = browser.postForm(issuer("portal") + "/account/password", Map.of("currentPassword", PASSWORD,
                "newPassword", newPassword, "_csrf", Browser.csrfToken(fresh.body())));
        assertThat(changed.statusCode()).isEqualTo(303);
        assertThat(Browser.location(changed)).isEqualTo("/realms/portal/account");
        assertThat(canSignIn("ida@example.org", newPassword)).isTrue();
    }

    @Test
    void aPasskeyCeremonySixMinutesAfterSignInIsToldWhereToSignInAgain() {
        Browser browser = signedIn("other", "carol");
        browser.get(callbackUrl(browser, consoleAuthorizationRequest(browser, issuer("other") + "/account")));
        var page = browser.get(issuer("other") + "/account", ENGLISH);
        clock.advance(Duration.ofMinutes(6));
        var options = browser.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(issuer("other") + "/account/passkeys/register/options"))
                .header("Content-Type", "application/json").header("X-CSRF-TOKEN", Browser.csrfToken(page.body()))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(options.statusCode()).isEqualTo(403);
        var answer = OidcTestClient.json(options.body());
        assertThat(answer.get("error").asString()).isEqualTo("sign-in-again");
        assertThat(answer.get("redirect").asString()).startsWith(issuer("other") + "/oauth2/authorize?")
                .contains("client_id=account-console").contains("max_age=300");
    }

    @Test
    void anAuthorizationResponseFromAnotherIssuerIsRefused() {
        Browser browser = signedIn("portal", "gus");
        String callback = callbackUrl(browser, consoleAuthorizationRequest(browser, issuer("portal") + "/account"));
        assertThat(callback).contains("iss=");
        var mixedUp = browser.get(withParameter(callback, "iss", issuer("other")));
        assertThat(mixedUp.statusCode()).isEqualTo(400);
        assertThat(browser.get(issuer("portal") + "/account").statusCode()).isEqualTo(303);
    }

    @Test
    void withinFiveMinutesASensitiveChangeNeedsNoNewSignIn() {
        Browser browser = signedIn("other", "alice");
        String callback = callbackUrl(browser, consoleAuthorizationRequest(browser, issuer("other") + "/account"));
        browser.get(callback);
        var page = browser.get(issuer("other") + "/account", ENGLISH);
        clock.advance(Duration.ofMinutes(4));
        var changed = browser.postForm(issuer("other") + "/account/email", Map.of("newEmail",
                "alice-new@example.org", "_csrf", Browser.csrfToken(page.body())));
        assertThat(changed.statusCode()).isEqualTo(303);
        assertThat(Browser.location(changed)).isEqualTo("/realms/other/account");
    }

    @Test
    void theReturnPathNeverLeavesTheRealmsConsole() {
        Browser browser = signedIn("other", "bob");
        for (String path : new String[]{"/account/apps?next=https://evil.example.test",
                "/account/apps?next=//evil.example.test"}) {
            String request = consoleAuthorizationRequest(browser, issuer("other") + path);
            var back = browser.get(callbackUrl(browser, request));
            assertThat(back.statusCode()).isEqualTo(303);
            assertThat(Browser.location(back)).as(path).isEqualTo("/realms/other/account");
            // Forget the console login before the next path: a new sign-in gives a new realm session.
            signIn(browser, "other", "bob@example.org", PASSWORD);
        }
        var kept = browser.get(callbackUrl(browser,
                consoleAuthorizationRequest(browser, issuer("other") + "/account/activity?page=1")));
        assertThat(Browser.location(kept)).isEqualTo("/realms/other/account/activity?page=1");
        // A path with an empty segment never reaches the console: the firewall refuses it, without a redirect.
        var doubled = browser.get(issuer("other") + "/account//evil.example.test/x");
        assertThat(doubled.statusCode()).isEqualTo(400);
        assertThat(doubled.headers().firstValue("Location")).isEmpty();
    }

    static boolean canSignIn(String email, String password) {
        Browser browser = new Browser().withoutConsoleRoundTrip();
        var form = browser.get(issuer("portal") + "/login");
        HttpResponse<String> posted = browser.postForm(issuer("portal") + "/login", Map.of("email", email,
                "password", password, "_csrf", Browser.csrfToken(form.body())));
        return posted.statusCode() == 303 && !Browser.location(posted).contains("/login");
    }
}
