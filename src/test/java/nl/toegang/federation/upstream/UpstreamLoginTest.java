package nl.toegang.federation.upstream;

import com.nimbusds.jwt.JWTClaimsSet;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.FreePort;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestRunSecrets;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login through an upstream OpenID Provider, end to end over real HTTP: relying party → Toegang → provider → our
 * callback → code exchange → ID token checks → tokens at the relying party. The provider is a small fake one the
 * tests make misbehave: every refusal the issue lists (mix-up, wrong iss or aud, alg none, HS256 with the public key,
 * expired, missing or replayed nonce, state from another browser) ends on a page that says so, never in a session.
 */
@ExtendWith(OutputCaptureExtension.class)
class UpstreamLoginTest {
    static final String REDIRECT = "https://rp.example.test/callback";
    static final String BYE = "https://rp.example.test/bye";
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String UPSTREAM_SECRET = "upstream-s3cr3t-for-tests-0123456789abcdef";
    static final String LOW = "http://eidas.europa.eu/LoA/low";
    static final String HIGH = "http://eidas.europa.eu/LoA/high";

    @TempDir
    static Path temp;
    static FakeOpenIdProvider provider;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        TestRunSecrets.remember(UPSTREAM_SECRET); // the whole-run scan checks no log line or audit event holds it
        provider = new FakeOpenIdProvider("toegang", UPSTREAM_SECRET);
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Test Portaal
                clients:
                  - clientId: rp
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s]
                    postLogoutRedirectUris: [%8$s]
                    scopes: [openid, profile, email]
                  - clientId: rp2
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s]
                    sectorIdentifier: rp2.example
                    scopes: [openid, profile]
                upstreams:
                  - id: partner
                    type: oidc
                    displayName: {nl: Partner, en: Partner}
                    who: {nl: Voor medewerkers van Partner., en: For Partner staff.}
                    issuer: %3$s
                    clientId: toegang
                    clientSecret: %4$s
                    scopes: [openid, profile, email]
                    claims: {name: name, given_name: given_name, email: email, email_verified: email_verified}
                    acr:
                      - {upstream: "urn:partner:loa:low", issued: "%5$s"}
                      - {upstream: "urn:partner:loa:high", issued: "%6$s"}
                    userinfo: true
                  - id: down
                    type: oidc
                    displayName: {nl: Onbereikbaar, en: Unreachable}
                    issuer: http://127.0.0.1:%7$d
                    clientId: toegang
                    clientSecret: %4$s
                """.formatted(SECRET, REDIRECT, provider.issuer(), UPSTREAM_SECRET, LOW, HIGH, FreePort.find(),
                BYE));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        provider.close();
    }

    @BeforeEach
    void resetProvider() {
        provider.reset();
    }

    static OidcTestClient client(String id) {
        return new OidcTestClient(server.issuer("portal"), id, SECRET, REDIRECT);
    }

    /** A browser that chose the partner on the login page and is back at our callback with the provider's answer. */
    record AtCallback(Browser browser, String callbackUrl, OidcTestClient.Pkce pkce) {
    }

    AtCallback toCallback(String clientId, String acrValues) {
        return toCallback(new Browser(Map.of("Accept-Language", "en")), clientId, acrValues);
    }

    AtCallback toCallback(Browser browser, String clientId, String acrValues) {
        return toCallback(browser, clientId, acrValues, Map.of());
    }

    AtCallback toCallback(Browser browser, String clientId, String acrValues, Map<String, String> extra) {
        var pkce = OidcTestClient.Pkce.create();
        Map<String, String> params = new LinkedHashMap<>(client(clientId).authorizationParams(pkce, "state-1",
                "nonce-1"));
        params.putAll(extra);
        if (acrValues != null) {
            params.put("acr_values", acrValues);
        }
        if (clientId.equals("rp2")) {
            params.put("scope", "openid profile"); // all rp2 may ask for
        }
        var authorize = browser.get(client(clientId).authorizationUrl(params));
        assertThat(authorize.statusCode()).isEqualTo(302);
        var loginPage = browser.get(Browser.resolve(authorize));
        assertThat(loginPage.body()).contains("id=\"upstream-login-partner\"")
                .containsAnyOf("For Partner staff.", "Voor medewerkers van Partner.");
        var chose = browser.get(server.issuer("portal") + "/login/upstream/partner");
        assertThat(chose.statusCode()).isEqualTo(303);
        var start = browser.get(Browser.resolve(chose));
        assertThat(start.statusCode()).as(start.body()).isEqualTo(303);
        assertThat(Browser.location(start)).startsWith(provider.issuer() + "/authorize?");
        var answered = browser.get(Browser.location(start));
        assertThat(answered.statusCode()).isEqualTo(302);
        String callback = Browser.location(answered);
        assertThat(callback).startsWith(server.issuer("portal") + "/upstream/partner/callback?");
        return new AtCallback(browser, callback, pkce);
    }

    /** From the callback on: the relying party's code, redeemed, and its ID token verified against Toegang's keys. */
    JWTClaimsSet signedIn(AtCallback at, String clientId) {
        var callback = at.browser().get(at.callbackUrl());
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(303);
        var authorize = at.browser().get(Browser.resolve(callback));
        assertThat(authorize.statusCode()).isEqualTo(302);
        Map<String, String> result = Browser.queryParams(Browser.location(authorize));
        assertThat(result).containsKey("code").containsEntry("state", "state-1");
        var tokens = client(clientId).redeemCode(result.get("code"), at.pkce().verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        var json = OidcTestClient.json(tokens.body());
        JWTClaimsSet idToken = client(clientId).verify(json.get("id_token").asString());
        assertThat(idToken.getClaim("nonce")).isEqualTo("nonce-1");
        lastAccessToken = json.get("access_token").asString();
        lastIdToken = json.get("id_token").asString();
        return idToken;
    }

    String lastAccessToken;
    String lastIdToken;

    /**
     * The callback refused the answer for {@code reason} (as logged): a page that says so (400), with a way to try
     * again and a way back, and no session.
     */
    void refused(AtCallback at, CapturedOutput output, String reason) {
        HttpResponse<String> page = at.browser().outcome(at.browser().get(at.callbackUrl()));
        assertThat(output.getOut()).as("refused for the reason under test")
                .contains("login in realm portal refused: " + reason);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(400);
        assertThat(page.body()).contains("id=\"upstream-error\"").contains("Signing in with Partner failed")
                .contains("id=\"upstream-retry\"").contains("id=\"upstream-back\"");
        assertNotSignedIn(at.browser());
    }

    /** A new authorization request of this browser goes to the login page again: no session was made. */
    void assertNotSignedIn(Browser browser) {
        var again = browser.get(client("rp").authorizationUrl(client("rp").authorizationParams(
                OidcTestClient.Pkce.create(), "s", "n")));
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(Browser.location(again)).contains("/realms/portal/login");
    }

    @Test
    void whenThePartnerSignsSomeoneInThenTheRelyingPartyGetsAPairwiseSubTheMappedAcrAndClaims() {
        provider.acr = "urn:partner:loa:high";
        JWTClaimsSet idToken = signedIn(toCallback("rp", null), "rp");
        assertThat(idToken.getSubject()).as("pairwise, never the provider's sub").isNotEqualTo("alice-at-partner");
        assertThat(idToken.getClaim("sub_id_type")).isEqualTo("urn:nl-eid-gdi:1.0:id:Pseudonym");
        assertThat(idToken.getClaim("acr")).isEqualTo(HIGH);
        assertThat(idToken.getClaim("amr")).isNull();
        assertThat(idToken.getClaim("name")).isEqualTo("Alice Partner");
        assertThat(idToken.getClaim("email")).isEqualTo("alice@partner.example");
        assertThat(idToken.getClaim("email_verified")).isEqualTo(true);
        assertThat(idToken.getClaim("given_name")).as("from userinfo: the ID token has none").isEqualTo("Alice");

        Map<String, String> request = provider.lastAuthorization();
        assertThat(request).containsEntry("response_type", "code").containsEntry("client_id", "toegang")
                .containsEntry("redirect_uri", server.issuer("portal") + "/upstream/partner/callback")
                .containsEntry("scope", "openid profile email").containsEntry("code_challenge_method", "S256")
                .containsEntry("ui_locales", "en").doesNotContainKey("acr_values");
        assertThat(request.get("state")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(request.get("nonce")).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(request.get("state"));
        assertThat(provider.tokenRequests.get(provider.tokenRequests.size() - 1))
                .containsEntry("grant_type", "authorization_code").containsKey("code_verifier");

        var userinfo = new Browser().get(server.issuer("portal") + "/userinfo",
                Map.of("Authorization", "Bearer " + lastAccessToken));
        assertThat(userinfo.statusCode()).isEqualTo(200);
        assertThat(userinfo.body()).contains(idToken.getSubject()).contains("alice@partner.example")
                .doesNotContain("alice-at-partner");

        JWTClaimsSet other = signedIn(toCallback("rp2", null), "rp2");
        assertThat(other.getSubject()).as("pairwise per sector").isNotEqualTo(idToken.getSubject());
        assertThat(other.getClaim("email")).as("rp2 was not granted the email scope").isNull();
        assertThat(signedIn(toCallback("rp", null), "rp").getSubject()).as("stable per client")
                .isEqualTo(idToken.getSubject());
    }

    /** RP-initiated logout at Toegang, up to the provider's end_session_endpoint; returns where that sent us back. */
    String logoutUpTo(Browser browser) {
        var endSession = browser.get(server.issuer("portal") + "/connect/logout?" + Browser.formBody(Map.of(
                "id_token_hint", lastIdToken, "post_logout_redirect_uri", BYE, "state", "bye-1")));
        assertThat(endSession.statusCode()).isEqualTo(303);
        assertThat(Browser.location(endSession)).isEqualTo("/realms/portal/upstream/logout");
        var toProvider = browser.get(Browser.resolve(endSession));
        assertThat(Browser.location(toProvider)).startsWith(provider.issuer() + "/logout?");
        var atProvider = browser.get(Browser.location(toProvider));
        assertThat(atProvider.statusCode()).isEqualTo(302);
        return Browser.location(atProvider);
    }

    @Test
    void whenThePortalSignsThePersonOutThenTheProvidersSessionEndsTooAndThePortalGetsItsState() {
        AtCallback at = toCallback("rp", null);
        signedIn(at, "rp");
        String upstreamIdToken = provider.idTokens.get(provider.idTokens.size() - 1);
        String back = logoutUpTo(at.browser());
        Map<String, String> request = provider.logouts.get(provider.logouts.size() - 1);
        assertThat(request).containsEntry("id_token_hint", upstreamIdToken).containsEntry("client_id", "toegang")
                .containsEntry("post_logout_redirect_uri", server.issuer("portal") + "/upstream/partner/logged-out");
        assertThat(request.get("state")).hasSizeGreaterThanOrEqualTo(43);
        var toPortal = at.browser().get(back);
        assertThat(toPortal.statusCode()).isEqualTo(303);
        assertThat(Browser.location(toPortal)).isEqualTo(BYE + "?state=bye-1");
        assertNotSignedIn(at.browser());
        var twice = at.browser().get(back);
        assertThat(Browser.location(twice)).as("the state is used up").endsWith("/realms/portal/logout/done");
    }

    @Test
    void whenTheProviderComesBackFromLogoutWithAnotherStateThenThePortalsTargetIsNotUsed() {
        AtCallback at = toCallback("rp", null);
        signedIn(at, "rp");
        provider.logoutState = "forged";
        var back = at.browser().get(logoutUpTo(at.browser()));
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(Browser.location(back)).endsWith("/realms/portal/logout/done");
        assertNotSignedIn(at.browser());
        var nothingToEnd = new Browser().get(server.issuer("portal") + "/upstream/logout");
        assertThat(Browser.location(nothingToEnd)).endsWith("/realms/portal/logout/done");
    }

    @Test
    void theConsoleNamesThePartnerAndRefusesWhatThePartnerManages() {
        AtCallback at = toCallback("rp", null);
        signedIn(at, "rp");
        Map<String, String> english = Map.of("Accept-Language", "en");
        var page = at.browser().get(server.issuer("portal") + "/account", english);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("Signed in with Partner").contains("managed by Partner, not here")
                .contains("id=\"session-list\"").doesNotContain("DigiD").doesNotContain("/account/password");
        var profile = at.browser().postForm(server.issuer("portal") + "/account/profile", Map.of("_csrf",
                Browser.csrfToken(page.body()), "name", "Mallory", "phone", "", "locale", "en"), english);
        assertThat(profile.statusCode()).isEqualTo(403);
        assertThat(profile.body()).contains("Managed by Partner").contains("Nothing was changed")
                .doesNotContain("DigiD");
        var activity = at.browser().get(server.issuer("portal") + "/account/activity", english);
        assertThat(activity.body()).contains("sign-in at another organisation");
    }

    @Test
    void whenTheClientAsksForAFreshSignInThenSoDoesToegangAtTheProvider() {
        toCallback(new Browser(Map.of("Accept-Language", "nl")), "rp", null, Map.of("prompt", "login"));
        assertThat(provider.lastAuthorization()).containsEntry("prompt", "login").containsEntry("ui_locales", "nl");
        toCallback(new Browser(), "rp", null, Map.of("max_age", "0"));
        assertThat(provider.lastAuthorization()).containsEntry("prompt", "login");
        toCallback(new Browser(), "rp", null, Map.of());
        assertThat(provider.lastAuthorization()).doesNotContainKey("prompt");
    }

    @Test
    void whenTheProviderAssertsAnAcrTheRealmDoesNotMapThenOurTokenCarriesNone() {
        provider.acr = "urn:partner:something-else";
        JWTClaimsSet idToken = signedIn(toCallback("rp", null), "rp");
        assertThat(idToken.getClaim("acr")).as("never a made-up level").isNull();
    }

    @Test
    void whenTheClientAsksForALevelThenTheProviderIsAskedForItAndAWeakerAnswerIsRefused() {
        provider.acr = "urn:partner:loa:low";
        AtCallback at = toCallback("rp", "urn:unknown " + HIGH);
        assertThat(provider.lastAuthorization()).containsEntry("acr_values", "urn:partner:loa:high");
        var page = at.browser().outcome(at.browser().get(at.callbackUrl()));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"upstream-level\"");
        var back = at.browser().postForm(server.issuer("portal") + "/upstream/partner/return",
                Map.of("_csrf", Browser.csrfToken(page.body())));
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(Browser.queryParams(Browser.location(back)))
                .containsEntry("error", "unmet_authentication_requirements").containsEntry("state", "state-1")
                .containsEntry("iss", server.issuer("portal"));

        provider.acr = "urn:partner:loa:high";
        AtCallback low = toCallback("rp", LOW);
        assertThat(provider.lastAuthorization()).as("the minimum first, then what is stronger")
                .containsEntry("acr_values", "urn:partner:loa:low urn:partner:loa:high");
        assertThat(signedIn(low, "rp").getClaim("acr")).isEqualTo(HIGH);
    }

    @Test
    void whenTheAnswerNamesAnotherIssuerThenItIsRefusedAsAMixUp() {
        provider.answerIss = "https://attacker.example";
        int tokenRequests = provider.tokenRequests.size();
        AtCallback at = toCallback("rp", null);
        var page = at.browser().outcome(at.browser().get(at.callbackUrl()));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("id=\"upstream-error\"");
        assertThat(provider.tokenRequests).as("the code is never redeemed").hasSize(tokenRequests);
        var back = at.browser().postForm(server.issuer("portal") + "/upstream/partner/return",
                Map.of("_csrf", Browser.csrfToken(page.body())));
        assertThat(Browser.location(back)).startsWith(REDIRECT);
        assertThat(Browser.queryParams(Browser.location(back))).containsEntry("error", "access_denied")
                .containsEntry("state", "state-1").containsEntry("iss", server.issuer("portal"));
        assertNotSignedIn(at.browser());
    }

    @Test
    void whenTheProviderPromisesIssButTheAnswerHasNoneThenItIsRefused(CapturedOutput output) {
        provider.answerIss = null;
        refused(toCallback("rp", null), output,
                "RFC 9207: the provider promises iss in its answers, this one has none");
    }

    @Test
    void whenTheIdTokenNamesAnotherIssuerThenItIsRefused(CapturedOutput output) {
        provider.tamper = claims -> claims.issuer("https://attacker.example");
        refused(toCallback("rp", null), output, "§3.1.3.7 step 2: ID token iss 'https://attacker.example'");
    }

    @Test
    void whenTheIdTokenIsForAnotherAudienceThenItIsRefused(CapturedOutput output) {
        provider.tamper = claims -> claims.audience("someone-else");
        refused(toCallback("rp", null), output,
                "§3.1.3.7 step 3: ID token aud [someone-else] does not name our client id");
        provider.tamper = claims -> claims.audience(List.of("toegang", "someone-else"));
        refused(toCallback("rp", null), output,
                "§3.1.3.7 step 3: ID token aud [toegang, someone-else] names other audiences too");
        provider.tamper = claims -> claims.claim("azp", "someone-else");
        refused(toCallback("rp", null), output, "§3.1.3.7 step 5: ID token azp 'someone-else' is not our client id");
    }

    @Test
    void whenTheIdTokenIsUnsignedThenItIsRefused(CapturedOutput output) {
        provider.signing = FakeOpenIdProvider.Signing.NONE;
        refused(toCallback("rp", null), output, "§3.1.3.7 step 6: ID token is unsigned (alg none)");
    }

    @Test
    void whenTheIdTokenIsSignedWithHs256AndThePublicKeyThenItIsRefused(CapturedOutput output) {
        provider.signing = FakeOpenIdProvider.Signing.HS256_WITH_PUBLIC_KEY;
        refused(toCallback("rp", null), output, "§3.1.3.7 step 7: ID token signed with HS256 (HMAC)");
    }

    @Test
    void whenTheIdTokenIsSignedWithAKeyThatIsNotPublishedThenItIsRefused(CapturedOutput output) {
        provider.signing = FakeOpenIdProvider.Signing.UNKNOWN_KEY;
        refused(toCallback("rp", null), output, "§3.1.3.7 step 6: ID token signature does not verify");
    }

    @Test
    void whenTheIdTokenHasExpiredThenItIsRefused(CapturedOutput output) {
        Instant past = Instant.now().minusSeconds(600);
        provider.tamper = claims -> claims.issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(300)));
        refused(toCallback("rp", null), output, "§3.1.3.7 step 9: ID token expired");
    }

    @Test
    void whenTheIdTokenHasNoNonceOrAnotherOneThenItIsRefused(CapturedOutput output) {
        provider.tamper = claims -> claims.claim("nonce", null);
        refused(toCallback("rp", null), output, "§3.1.3.7 step 11: ID token has no nonce");
        provider.tamper = claims -> claims.claim("nonce", "nonce-1");
        refused(toCallback("rp", null), output, "§3.1.3.7 step 11: ID token nonce is not the one this login sent");
    }

    @Test
    void whenAnEarlierIdTokenIsReplayedThenItsNonceIsRefused(CapturedOutput output) {
        signedIn(toCallback("rp", null), "rp");
        provider.replay = provider.idTokens.get(provider.idTokens.size() - 1);
        refused(toCallback("rp", null), output, "§3.1.3.7 step 11: ID token nonce is not the one this login sent");
    }

    @Test
    void whenAnotherBrowserBringsTheAnswerThenItIsRefusedAndTheCodeIsNotRedeemed(CapturedOutput output) {
        AtCallback victim = toCallback("rp", null);
        int tokenRequests = provider.tokenRequests.size();
        Browser attacker = new Browser(Map.of("Accept-Language", "en"));
        attacker.get(server.issuer("portal") + "/login"); // a session of its own, without this state
        refused(new AtCallback(attacker, victim.callbackUrl(), victim.pkce()), output,
                "unknown or used state (not started in this browser");
        assertThat(provider.tokenRequests).as("nothing was redeemed").hasSize(tokenRequests);
        assertThat(signedIn(victim, "rp").getSubject()).as("the browser that started it still can").isNotNull();
    }

    @Test
    void whenTheSameAnswerComesTwiceThenTheSecondIsRefused() {
        AtCallback at = toCallback("rp", null);
        signedIn(at, "rp");
        var again = at.browser().outcome(at.browser().get(at.callbackUrl()));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("id=\"upstream-error\"");
    }

    @Test
    void whenUserinfoNamesAnotherSubThenItIsRefused(CapturedOutput output) {
        provider.userinfoSub = "mallory";
        refused(toCallback("rp", null), output, "OIDC Core §5.3.4: the userinfo sub is not the ID token's");
    }

    @Test
    void whenThePersonCancelsAtTheProviderThenTheRelyingPartyHearsAccessDenied() {
        provider.answerError = "access_denied";
        AtCallback at = toCallback("rp", null);
        var page = at.browser().outcome(at.browser().get(at.callbackUrl()));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"upstream-cancelled\"").contains("id=\"upstream-retry\"");
        var back = at.browser().postForm(server.issuer("portal") + "/upstream/partner/return",
                Map.of("_csrf", Browser.csrfToken(page.body())));
        assertThat(Browser.queryParams(Browser.location(back))).containsEntry("error", "access_denied")
                .containsEntry("state", "state-1").containsEntry("iss", server.issuer("portal"));
    }

    @Test
    void whenTheProviderCannotBeReachedThenThePageSaysSoWithoutAnError500() {
        Browser browser = new Browser(Map.of("Accept-Language", "nl"));
        var start = browser.get(server.issuer("portal") + "/upstream/down/start");
        assertThat(start.statusCode()).isEqualTo(503);
        assertThat(start.body()).contains("id=\"upstream-unavailable\"").contains("Onbereikbaar is niet bereikbaar");
    }

    @Test
    void whenTheCallbackGetsGarbageThenItAnswersWithAPageNotA500() {
        Browser browser = new Browser();
        String callback = server.issuer("portal") + "/upstream/partner/callback";
        for (String query : List.of("", "?state=", "?state=" + "x".repeat(5000), "?code=abc",
                "?state=abc&code=def&iss=%25ZZ", "?error=access_denied", "?state=a&state=b&code=c")) {
            var answer = browser.get(callback + query);
            var page = answer.statusCode() == 303 ? browser.outcome(answer) : answer;
            assertThat(page.statusCode()).as(query).isIn(400, 404);
        }
        assertThat(browser.get(server.issuer("portal") + "/upstream/nope/callback?state=a").statusCode())
                .isEqualTo(404);
        assertThat(browser.get(server.issuer("portal") + "/login/upstream/nope").statusCode()).isEqualTo(404);
        assertThat(browser.get(server.baseUrl() + "/realms/nope/upstream/partner/start").statusCode())
                .isEqualTo(404);
    }
}
