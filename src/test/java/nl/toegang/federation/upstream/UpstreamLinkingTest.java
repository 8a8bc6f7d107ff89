package nl.toegang.federation.upstream;

import com.nimbusds.jwt.JWTClaimsSet;
import nl.toegang.account.AccountLockouts;
import nl.toegang.account.AccountRepository;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestRunSecrets;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code linking: verified-email} over real HTTP (docs/upstream.md "Linking policy"): a provider that asserts an
 * account's address verified gets the link offered, the link is made only after the account's own sign-in, a linked
 * identity then signs in to the account (the relying party sees the account's sub), and everything else (an
 * unverified address, someone without the password, a stale offer, a disabled account) does not link or sign in.
 */
class UpstreamLinkingTest {
    static final String REDIRECT = "https://rp.example.test/callback";
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String UPSTREAM_SECRET = "upstream-link-s3cr3t-0123456789abcdef";
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String OTHER_PASSWORD = "Another-Long-Passphrase-77";

    @TempDir
    static Path temp;
    static FakeOpenIdProvider provider;
    static TestServer server;
    /** Real time, moved forward only by the test of the offer's lifetime (the provider signs with real time). */
    static final OffsetClock clock = new OffsetClock();

    static final class OffsetClock extends java.time.Clock {
        volatile java.time.Duration offset = java.time.Duration.ZERO;

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.now().plus(offset);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        TestRunSecrets.remember(UPSTREAM_SECRET);
        provider = new FakeOpenIdProvider("toegang", UPSTREAM_SECRET);
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Test Portaal
                settings:
                  lockout:
                    freeFailures: 10
                    maxDelay: 1s
                    failuresPerLockout: 3
                    lockoutWaits: [1h]
                    ipFailuresPerWindow: 1000
                    ipAccountsPerWindow: 1000
                users:
                  - {email: bob@example.org, password: %5$s, name: Bob, emailVerified: true}
                  - {email: carol@example.org, password: %5$s, name: Carol, emailVerified: true}
                  - {email: dave@example.org, password: %5$s, name: Dave, emailVerified: true}
                  - {email: erin@example.org, password: %5$s, name: Erin, emailVerified: true}
                  - {email: mallory@example.org, password: %6$s, name: Mallory, emailVerified: true}
                  - {email: tabs@example.org, password: %5$s, name: Tabs, emailVerified: true}
                  - {email: victor@example.org, password: %5$s, name: Victor, emailVerified: true}
                  - {email: fay@example.org, password: %5$s, name: Fay, emailVerified: true}
                clients:
                  - clientId: rp
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s]
                    scopes: [openid, profile, email]
                  - clientId: rp-mfa
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s]
                    scopes: [openid, profile, email]
                    mfa: required
                upstreams:
                  - id: partner
                    type: oidc
                    displayName: {nl: Partner, en: Partner}
                    issuer: %3$s
                    clientId: toegang
                    clientSecret: %4$s
                    scopes: [openid, profile, email]
                    claims: {name: name, email: email, email_verified: email_verified}
                    linking: verified-email
                """.formatted(SECRET, REDIRECT, provider.issuer(), UPSTREAM_SECRET, PASSWORD, OTHER_PASSWORD));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).withClock(clock).start();
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

    static OidcTestClient client() {
        return new OidcTestClient(server.issuer("portal"), "rp", SECRET, REDIRECT);
    }

    /** The provider will sign in {@code sub} asserting {@code email} with {@code email_verified}. */
    static void providerAsserts(String sub, String email, boolean verified) {
        provider.tamper = claims -> claims.subject(sub).claim("email", email).claim("email_verified", verified);
        provider.userinfoSub = sub;
    }

    record Flow(Browser browser, OidcTestClient.Pkce pkce) {
    }

    /** A relying party's authorization request, the partner chosen, and the provider's answer at our callback. */
    static HttpResponse<String> throughProvider(Flow flow) {
        return throughProvider(flow, client());
    }

    static HttpResponse<String> throughProvider(Flow flow, OidcTestClient rp) {
        var params = rp.authorizationParams(flow.pkce(), "state-1", "nonce-1");
        var authorize = flow.browser().get(rp.authorizationUrl(params));
        assertThat(authorize.statusCode()).isEqualTo(302);
        var chose = flow.browser().get(server.issuer("portal") + "/login/upstream/partner");
        var start = flow.browser().get(Browser.resolve(chose));
        assertThat(start.statusCode()).as(start.body()).isEqualTo(303);
        var answered = flow.browser().get(Browser.location(start));
        assertThat(answered.statusCode()).isEqualTo(302);
        return flow.browser().get(Browser.location(answered));
    }

    static Flow newFlow() {
        return new Flow(new Browser(Map.of("Accept-Language", "en")), OidcTestClient.Pkce.create());
    }

    /** From a 303 that continues the authorization request: the relying party's verified ID token. */
    static JWTClaimsSet idToken(Flow flow, HttpResponse<String> continuing) {
        assertThat(continuing.statusCode()).as(continuing.body()).isEqualTo(303);
        var authorize = flow.browser().get(Browser.resolve(continuing));
        assertThat(authorize.statusCode()).as(authorize.body()).isEqualTo(302);
        Map<String, String> result = Browser.queryParams(Browser.location(authorize));
        assertThat(result).containsKey("code");
        var tokens = client().redeemCode(result.get("code"), flow.pkce().verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return client().verify(OidcTestClient.json(tokens.body()).get("id_token").asString());
    }

    /** The sub the relying party sees for a plain password login of the account. */
    static String accountSub(String email) {
        var pkce = OidcTestClient.Pkce.create();
        var result = client().loginAndAuthorize(new Browser(), client().authorizationParams(pkce, "s", "n"), email,
                PASSWORD);
        var tokens = client().redeemCode(result.get("code"), pkce.verifier());
        return client().verify(OidcTestClient.json(tokens.body()).get("id_token").asString()).getSubject();
    }

    static String accountId(String email) {
        return server.bean(AccountRepository.class).findByEmail("portal", email).orElseThrow().id();
    }

    static int links(String email) {
        return server.bean(JdbcClient.class).sql("select count(*) from upstream_link where account_id = ?")
                .param(accountId(email)).query(Integer.class).single();
    }

    /** The offer page's hidden {@code offer} value. */
    static String offer(HttpResponse<String> page) {
        var m = java.util.regex.Pattern.compile("name=\"offer\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        return m.group(1);
    }

    /** At the offer: "sign in to link", then the login page that explains it, then the password typed. */
    static HttpResponse<String> signInToLink(Flow flow, HttpResponse<String> offerPage, String email,
                                             String password) {
        var toLogin = flow.browser().postForm(server.issuer("portal") + "/upstream/link/sign-in",
                Map.of("_csrf", Browser.csrfToken(offerPage.body()), "offer", offer(offerPage)));
        assertThat(toLogin.statusCode()).as(toLogin.body()).isEqualTo(303);
        assertThat(Browser.location(toLogin)).endsWith("/realms/portal/login?link");
        var login = flow.browser().get(Browser.resolve(toLogin));
        assertThat(login.body()).contains("id=\"link-pending\"").contains("to link it to your sign-in with Partner");
        return flow.browser().postForm(server.issuer("portal") + "/login", Map.of("email", email,
                "password", password, "_csrf", Browser.csrfToken(login.body())));
    }

    @Test
    void whenTheProviderAssertsAVerifiedAddressAndThePersonSignsInThenLinkedAndLaterLoginsGoStraightToTheAccount() {
        String expected = accountSub("bob@example.org");
        // The provider's address differs in case: accounts compare case-insensitively.
        providerAsserts("bob-at-partner", "Bob@Example.ORG", true);
        Flow flow = newFlow();
        var offerPage = throughProvider(flow);
        assertThat(offerPage.statusCode()).as(offerPage.body()).isEqualTo(200);
        assertThat(offerPage.body()).contains("You already have an account with this address")
                .contains("bob@example.org").contains("id=\"upstream-link-sign-in\"")
                .contains("id=\"upstream-link-skip\"");
        assertThat(links("bob@example.org")).as("an offer links nothing").isZero();

        JWTClaimsSet first = idToken(flow, signInToLink(flow, offerPage, "bob@example.org", PASSWORD));
        assertThat(first.getSubject()).as("the account's sub").isEqualTo(expected);
        assertThat(links("bob@example.org")).isEqualTo(1);
        assertThat(server.bean(JdbcClient.class).sql("select count(*) from audit_event where type = 'upstream-link'"
                + " and outcome = 'success' and account_id = ? and reason = 'partner'")
                .param(accountId("bob@example.org")).query(Integer.class).single()).isEqualTo(1);

        // Later, in another browser: no offer, no password, straight into the account.
        Flow later = newFlow();
        JWTClaimsSet again = idToken(later, throughProvider(later));
        assertThat(again.getSubject()).isEqualTo(expected);

        // The link is bound to the provider's identity, not to the address: a new address there changes nothing.
        providerAsserts("bob-at-partner", "bob.new@partner.example", false);
        Flow changed = newFlow();
        assertThat(idToken(changed, throughProvider(changed)).getSubject()).isEqualTo(expected);
    }

    @Test
    void whenTheAddressIsNotAssertedVerifiedThenNoOfferAndTheAccountLessIdentity() {
        String account = accountSub("victor@example.org");
        providerAsserts("victor-unverified", "victor@example.org", false);
        Flow flow = newFlow();
        JWTClaimsSet token = idToken(flow, throughProvider(flow));
        assertThat(token.getSubject()).isNotEqualTo(account);
        assertThat(links("victor@example.org")).isZero();
    }

    @Test
    void whenAnAttackerAssertsTheVictimsAddressWithoutThePasswordThenNothingIsLinkedAndTheLockoutCounts() {
        providerAsserts("mallory-at-partner", "carol@example.org", true);
        Flow flow = newFlow();
        var offerPage = throughProvider(flow);
        assertThat(offerPage.body()).contains("id=\"upstream-link-offer\"");
        var wrong = signInToLink(flow, offerPage, "carol@example.org", "guessed-wrong-password");
        assertThat(Browser.location(wrong)).contains("/login?error");
        for (int i = 0; i < 2; i++) {
            var page = flow.browser().get(server.issuer("portal") + "/login");
            flow.browser().postForm(server.issuer("portal") + "/login", Map.of("email", "carol@example.org",
                    "password", "guessed-wrong-" + i, "_csrf", Browser.csrfToken(page.body())));
        }
        assertThat(server.bean(AccountLockouts.class).state("portal", accountId("carol@example.org")).orElseThrow()
                .lockedUntil()).as("the password step's lockout rules apply").isPresent();
        // Even the right password no longer works now (locked), so there is nothing to link.
        var page = flow.browser().get(server.issuer("portal") + "/login");
        var locked = flow.browser().postForm(server.issuer("portal") + "/login", Map.of("email",
                "carol@example.org", "password", PASSWORD, "_csrf", Browser.csrfToken(page.body())));
        assertThat(Browser.location(locked)).contains("/login?locked");
        assertThat(links("carol@example.org")).isZero();
    }

    @Test
    void whenTheAttackerSignsInToTheirOwnAccountInsteadThenNeitherAccountIsLinked() {
        providerAsserts("mallory-2", "erin@example.org", true);
        Flow flow = newFlow();
        var offerPage = throughProvider(flow);
        var own = signInToLink(flow, offerPage, "mallory@example.org", OTHER_PASSWORD);
        idToken(flow, own);
        assertThat(links("erin@example.org")).isZero();
        assertThat(links("mallory@example.org")).isZero();
    }

    @Test
    void whenThePersonContinuesWithoutLinkingThenTheAccountLessIdentityAndTheOfferComesAgainNextTime() {
        String account = accountSub("victor@example.org");
        providerAsserts("victor-skips", "victor@example.org", true);
        Flow flow = newFlow();
        var offerPage = throughProvider(flow);
        var skipped = flow.browser().postForm(server.issuer("portal") + "/upstream/link/skip",
                Map.of("_csrf", Browser.csrfToken(offerPage.body()), "offer", offer(offerPage)));
        assertThat(idToken(flow, skipped).getSubject()).isNotEqualTo(account);
        assertThat(links("victor@example.org")).isZero();
        Flow next = newFlow();
        assertThat(throughProvider(next).body()).contains("id=\"upstream-link-offer\"");
    }

    @Test
    void whenTheOfferPageIsStaleOrForgedOrWithoutCsrfThenNothingHappens() {
        providerAsserts("tabs-at-partner", "tabs@example.org", true);
        Flow flow = newFlow();
        var firstTab = throughProvider(flow);
        var secondTab = throughProvider(flow);
        // The first tab's offer was replaced by the second's.
        var stale = flow.browser().postForm(server.issuer("portal") + "/upstream/link/sign-in",
                Map.of("_csrf", Browser.csrfToken(firstTab.body()), "offer", offer(firstTab)));
        assertThat(stale.statusCode()).isEqualTo(400);
        assertThat(stale.body()).contains("id=\"upstream-link-expired\"").contains("Nothing was linked");
        var noCsrf = flow.browser().postForm(server.issuer("portal") + "/upstream/link/sign-in",
                Map.of("offer", offer(secondTab)));
        assertThat(Browser.location(noCsrf)).as("refused as every form without its token").contains("expired");
        var noCsrfSkip = flow.browser().postForm(server.issuer("portal") + "/upstream/link/skip",
                Map.of("offer", offer(secondTab)));
        assertThat(Browser.location(noCsrfSkip)).contains("expired");
        // Another browser cannot use this browser's offer.
        Browser other = new Browser();
        var otherPage = other.get(server.issuer("portal") + "/login");
        var foreign = other.postForm(server.issuer("portal") + "/upstream/link/sign-in",
                Map.of("_csrf", Browser.csrfToken(otherPage.body()), "offer", offer(secondTab)));
        assertThat(foreign.statusCode()).isEqualTo(400);
        // The second tab's offer still works, once.
        assertThat(idToken(flow, signInToLink(flow, secondTab, "tabs@example.org", PASSWORD)).getSubject())
                .isEqualTo(accountSub("tabs@example.org"));
        var fresh = flow.browser().get(server.issuer("portal") + "/login");
        var used = flow.browser().postForm(server.issuer("portal") + "/upstream/link/skip",
                Map.of("_csrf", Browser.csrfToken(fresh.body()), "offer", offer(secondTab)));
        assertThat(used.statusCode()).as("an offer is used once").isEqualTo(400);
    }

    @Test
    void whenTheOfferOrThePendingLinkExpiresThenNothingIsLinked() {
        providerAsserts("victor-slow", "victor@example.org", true);
        Flow flow = newFlow();
        var offerPage = throughProvider(flow);
        try {
            clock.offset = java.time.Duration.ofMinutes(11);
            var late = flow.browser().postForm(server.issuer("portal") + "/upstream/link/sign-in",
                    Map.of("_csrf", Browser.csrfToken(offerPage.body()), "offer", offer(offerPage)));
            assertThat(late.statusCode()).isEqualTo(400);
            assertThat(late.body()).contains("id=\"upstream-link-expired\"");
        } finally {
            clock.offset = java.time.Duration.ZERO;
        }
        // In time to the login page, then too slow with the password: signed in, but nothing linked.
        Flow second = newFlow();
        var offer2 = throughProvider(second);
        var toLogin = second.browser().postForm(server.issuer("portal") + "/upstream/link/sign-in",
                Map.of("_csrf", Browser.csrfToken(offer2.body()), "offer", offer(offer2)));
        var login = second.browser().get(Browser.resolve(toLogin));
        assertThat(login.body()).contains("id=\"link-pending\"");
        try {
            clock.offset = java.time.Duration.ofMinutes(11);
            var again = second.browser().get(server.issuer("portal") + "/login");
            assertThat(again.body()).as("the explanation is gone with the pending link")
                    .doesNotContain("id=\"link-pending\"");
            second.browser().postForm(server.issuer("portal") + "/login", Map.of("email", "victor@example.org",
                    "password", PASSWORD, "_csrf", Browser.csrfToken(again.body())));
        } finally {
            clock.offset = java.time.Duration.ZERO;
        }
        assertThat(links("victor@example.org")).isZero();
    }

    @Test
    void whenTheClientRequiresASecondFactorThenTheProviderAloneDoesNotEnterTheLinkedAccount() {
        providerAsserts("fay-at-partner", "fay@example.org", true);
        Flow flow = newFlow();
        idToken(flow, signInToLink(flow, throughProvider(flow), "fay@example.org", PASSWORD));
        assertThat(links("fay@example.org")).isEqualTo(1);
        Flow strict = newFlow();
        var answer = throughProvider(strict, new OidcTestClient(server.issuer("portal"), "rp-mfa", SECRET, REDIRECT));
        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(Browser.location(answer)).as("to the account's own sign-in, with its second step")
                .endsWith("/realms/portal/login");
        var again = strict.browser().get(client().authorizationUrl(client().authorizationParams(
                OidcTestClient.Pkce.create(), "s", "n")));
        assertThat(Browser.location(again)).as("not signed in").contains("/realms/portal/login");
    }

    @Test
    void whenTheLinkedAccountIsDisabledThenTheLinkedLoginIsRefusedLikeAPasswordLogin() {
        providerAsserts("dave-at-partner", "dave@example.org", true);
        Flow flow = newFlow();
        idToken(flow, signInToLink(flow, throughProvider(flow), "dave@example.org", PASSWORD));
        server.bean(AccountRepository.class).setEnabled("portal", accountId("dave@example.org"), false,
                java.time.Instant.now());
        try {
            Flow later = newFlow();
            var refused = throughProvider(later);
            assertThat(refused.statusCode()).isEqualTo(303);
            assertThat(Browser.location(refused)).endsWith("/realms/portal/login?disabled");
            var again = later.browser().get(client().authorizationUrl(client().authorizationParams(
                    OidcTestClient.Pkce.create(), "s", "n")));
            assertThat(Browser.location(again)).as("not signed in").contains("/realms/portal/login");
        } finally {
            server.bean(AccountRepository.class).setEnabled("portal", accountId("dave@example.org"), true,
                    java.time.Instant.now());
        }
    }

    @Test
    void theConsoleListsTheLinkAndRemovesItAfterConfirmationWithCsrf() {
        providerAsserts("erin-at-partner", "erin@example.org", true);
        Flow flow = newFlow();
        idToken(flow, signInToLink(flow, throughProvider(flow), "erin@example.org", PASSWORD));
        assertThat(links("erin@example.org")).isEqualTo(1);
        var account = flow.browser().get(server.issuer("portal") + "/account");
        assertThat(account.statusCode()).as(account.body()).isEqualTo(200);
        assertThat(account.body()).contains("id=\"linked-providers\"").contains("Linked sign-in providers")
                .contains("id=\"unlink-partner\"");
        var confirm = flow.browser().get(server.issuer("portal") + "/account/links/partner/remove");
        assertThat(confirm.body()).contains("Remove the link with Partner?");
        var forged = flow.browser().postForm(server.issuer("portal") + "/account/links/partner/remove",
                Map.of("confirmed", "yes"));
        assertThat(Browser.location(forged)).as("refused as every form without its token").contains("expired");
        assertThat(links("erin@example.org")).isEqualTo(1);
        var unconfirmed = flow.browser().postForm(server.issuer("portal") + "/account/links/partner/remove",
                Map.of("_csrf", Browser.csrfToken(confirm.body())));
        assertThat(Browser.location(unconfirmed)).endsWith("/account/links/partner/remove");
        assertThat(links("erin@example.org")).isEqualTo(1);
        var removed = flow.browser().postForm(server.issuer("portal") + "/account/links/partner/remove",
                Map.of("_csrf", Browser.csrfToken(confirm.body()), "confirmed", "yes"));
        assertThat(removed.statusCode()).isEqualTo(303);
        assertThat(links("erin@example.org")).isZero();
        assertThat(flow.browser().get(server.issuer("portal") + "/account/links/nobody/remove").statusCode())
                .isEqualTo(404);
        // Unlinked: the next login through the partner offers the link again instead of entering the account.
        Flow next = newFlow();
        assertThat(throughProvider(next).body()).contains("id=\"upstream-link-offer\"");
    }
}
