package nl.toegang.federation.upstream;

import com.nimbusds.jwt.JWTClaimsSet;
import nl.toegang.account.AccountRepository;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static nl.toegang.testsupport.Browser.hidden;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code linking: console} with the built-in mock eIDAS node, over real HTTP (docs/eidas.md "Linking"): a signed-in
 * email account holder links their eID from the console after a recent sign-in, and an eIDAS login then lands in
 * that account. Refused, with nothing changed: without the CSRF token, without a recent sign-in, an eID linked to
 * another account, the answer in another browser, a replayed answer, an expired link, a level below the realm's.
 */
class EidasConsoleLinkingTest {
    static final String REDIRECT = "https://portal.example.test/callback";
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String LOW = "http://eidas.europa.eu/LoA/low";
    static final String SUBSTANTIAL = "http://eidas.europa.eu/LoA/substantial";
    static final Map<String, String> ENGLISH = Map.of("Accept-Language", "en");

    @TempDir
    static Path temp;
    static TestServer server;
    static final UpstreamLinkingTest.OffsetClock clock = new UpstreamLinkingTest.OffsetClock();

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Portaal
                users:
                  - {email: bob@example.org, password: %3$s, name: Bob, emailVerified: true}
                  - {email: carol@example.org, password: %3$s, name: Carol, emailVerified: true}
                  - {email: dave@example.org, password: %3$s, name: Dave, emailVerified: true}
                  - {email: erin@example.org, password: %3$s, name: Erin, emailVerified: true}
                  - {email: fay@example.org, password: %3$s, name: Fay, emailVerified: true}
                clients:
                  - clientId: portal
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s]
                    scopes: [openid, profile, email]
                upstreams:
                  - id: eu
                    type: saml
                    preset: eidas
                    displayName: {nl: Europese eID, en: European eID}
                    eidas: {spType: public, mock: true}
                    linking: console
                    acr:
                      - {upstream: "http://eidas.europa.eu/LoA/substantial", issued: "http://eidas.europa.eu/LoA/substantial"}
                      - {upstream: "http://eidas.europa.eu/LoA/high", issued: "http://eidas.europa.eu/LoA/high"}
                """.formatted(SECRET, REDIRECT, PASSWORD));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).withClock(clock).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @AfterEach
    void realTime() {
        clock.offset = Duration.ZERO;
    }

    static OidcTestClient client() {
        return new OidcTestClient(server.issuer("portal"), "portal", SECRET, REDIRECT);
    }

    static String account() {
        return server.issuer("portal") + "/account";
    }

    /** A browser signed in to the realm (through the portal) and to the console, whose page it returns. */
    static HttpResponse<String> signedIn(Browser browser, String email) {
        var pkce = OidcTestClient.Pkce.create();
        client().loginAndAuthorize(browser, client().authorizationParams(pkce, "s", "n"), email, PASSWORD);
        var page = browser.get(account(), ENGLISH);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return page;
    }

    /** "Link European eID to this account" on the console page: the POST, then the mock node's page. */
    static HttpResponse<String> toTheNode(Browser browser, HttpResponse<String> consolePage) {
        assertThat(consolePage.body()).contains("id=\"link-eu\"").contains("Link European eID to this account");
        var posted = browser.postForm(account() + "/links/eu/link", Map.of("_csrf",
                Browser.csrfToken(consolePage.body())));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
        assertThat(Browser.location(posted)).endsWith("/realms/portal/upstream/eu/link");
        var start = browser.get(Browser.resolve(posted));
        assertThat(start.statusCode()).as(start.body()).isEqualTo(200);
        assertThat(start.body()).contains("action=\"" + server.baseUrl() + "/mock-eidas/sso\"");
        var node = browser.postForm(server.baseUrl() + "/mock-eidas/sso", Map.of("SAMLRequest",
                hidden(start, "SAMLRequest"), "RelayState", hidden(start, "RelayState")));
        assertThat(node.statusCode()).as(node.body()).isEqualTo(200);
        return node;
    }

    /** The node's auto-submitting answer page for {@code person} at {@code level}. */
    static HttpResponse<String> answer(Browser browser, HttpResponse<String> node, String person, String level) {
        var answer = browser.postForm(server.baseUrl() + "/mock-eidas/answer", Map.of("_csrf",
                Browser.csrfToken(node.body()), "token", hidden(node, "token"), "person", person, "level", level,
                "action", "login"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer;
    }

    static HttpResponse<String> postToAcs(Browser browser, HttpResponse<String> answer) {
        return browser.postForm(server.issuer("portal") + "/upstream/eu/saml/acs", Map.of("SAMLResponse",
                hidden(answer, "SAMLResponse"), "RelayState", hidden(answer, "RelayState")), ENGLISH);
    }

    /** After the answer: 303 to the console, whose page then shows {@code notice}. */
    static HttpResponse<String> backAtTheConsole(Browser browser, HttpResponse<String> done) {
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(Browser.location(done)).endsWith("/realms/portal/account#notice");
        var page = browser.get(Browser.resolve(done).replace("#notice", ""), ENGLISH);
        assertThat(page.statusCode()).isEqualTo(200);
        return page;
    }

    static String accountId(String email) {
        return server.bean(AccountRepository.class).findByEmail("portal", email).orElseThrow().id();
    }

    static List<String> links(String email) {
        return server.bean(JdbcClient.class).sql("select upstream from upstream_link where account_id = ?")
                .param(accountId(email)).query(String.class).list();
    }

    static String allLinks() {
        return server.bean(JdbcClient.class).sql("select identity_id || ' ' || account_id from upstream_link"
                + " where realm = 'portal' order by 1").query(String.class).list().toString();
    }

    static List<String> auditOf(String email) {
        return server.bean(JdbcClient.class).sql("select type || ':' || outcome from audit_event where account_id = ?"
                        + " and type like 'upstream-%' order by occurred_at")
                .param(accountId(email)).query(String.class).list();
    }

    /** An eIDAS login of {@code person} through the portal, from the choice page: the portal's ID token. */
    static JWTClaimsSet eidasLogin(String person) {
        Browser browser = new Browser(ENGLISH);
        var pkce = OidcTestClient.Pkce.create();
        Map<String, String> params = new LinkedHashMap<>(client().authorizationParams(pkce, "st", "nn"));
        var login = browser.get(Browser.resolve(browser.get(client().authorizationUrl(params))));
        Matcher m = Pattern.compile("id=\"upstream-login-eu\"\\s+href=\"([^\"]+)\"").matcher(login.body());
        assertThat(m.find()).as(login.body()).isTrue();
        var start = browser.get(Browser.resolve(browser.get(server.baseUrl() + m.group(1))));
        var node = browser.postForm(server.baseUrl() + "/mock-eidas/sso", Map.of("SAMLRequest",
                hidden(start, "SAMLRequest"), "RelayState", hidden(start, "RelayState")));
        var done = postToAcs(browser, answer(browser, node, person, SUBSTANTIAL));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        var back = browser.get(Browser.resolve(done));
        Map<String, String> result = Browser.queryParams(Browser.location(back));
        assertThat(result).as(Browser.location(back)).containsKey("code");
        var tokens = client().redeemCode(result.get("code"), pkce.verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return client().verify(OidcTestClient.json(tokens.body()).get("id_token").asString());
    }

    static String accountSub(String email) {
        var pkce = OidcTestClient.Pkce.create();
        var result = client().loginAndAuthorize(new Browser(), client().authorizationParams(pkce, "s", "n"), email,
                PASSWORD);
        var tokens = client().redeemCode(result.get("code"), pkce.verifier());
        return client().verify(OidcTestClient.json(tokens.body()).get("id_token").asString()).getSubject();
    }

    @Test
    void aLinkedEidSignsInToTheAccountAndCannotBeLinkedToASecondOneAndAReplayDoesNotLinkAgain() {
        String bobSub = accountSub("bob@example.org");
        JWTClaimsSet before = eidasLogin("DE-mustermann");
        assertThat(before.getSubject()).as("unlinked: the eID's own pairwise sub").isNotEqualTo(bobSub);

        Browser bob = new Browser(ENGLISH);
        var node = toTheNode(bob, signedIn(bob, "bob@example.org"));
        var answer = answer(bob, node, "DE-mustermann", SUBSTANTIAL);
        var console = backAtTheConsole(bob, postToAcs(bob, answer));
        assertThat(console.body()).contains("The link has been made").contains("id=\"linked-providers\"")
                .contains("European eID").doesNotContain("id=\"link-eu\"").doesNotContain("MOCK-");
        assertThat(links("bob@example.org")).containsExactly("eu");
        assertThat(auditOf("bob@example.org")).containsExactly("upstream-link:success");

        // The eIDAS login now lands in Bob's account: the portal sees the account's sub.
        JWTClaimsSet after = eidasLogin("DE-mustermann");
        assertThat(after.getSubject()).isEqualTo(bobSub);

        // Carol cannot link the same eID: a clear message, nothing changed.
        String linksBefore = allLinks();
        Browser carol = new Browser(ENGLISH);
        var carolPage = backAtTheConsole(carol, postToAcs(carol, answer(carol,
                toTheNode(carol, signedIn(carol, "carol@example.org")), "DE-mustermann", SUBSTANTIAL)));
        assertThat(carolPage.body()).contains("already linked to another account");
        assertThat(allLinks()).isEqualTo(linksBefore);
        assertThat(links("carol@example.org")).isEmpty();
        assertThat(auditOf("carol@example.org")).containsExactly("upstream-link:failure");

        // Bob removes the link; replaying his earlier answer does not make it again.
        var confirm = bob.get(account() + "/links/eu/remove", ENGLISH);
        var removed = bob.postForm(account() + "/links/eu/remove", Map.of("_csrf",
                Browser.csrfToken(confirm.body()), "confirmed", "yes"));
        assertThat(removed.statusCode()).isEqualTo(303);
        assertThat(links("bob@example.org")).isEmpty();
        var bounce = postToAcs(bob, answer);
        assertThat(bounce.statusCode()).as("no login of this browser: bounced once").isEqualTo(200);
        var replay = bob.outcome(bob.postForm(server.issuer("portal") + "/upstream/eu/saml/acs", Map.of(
                "SAMLResponse", hidden(answer, "SAMLResponse"), "RelayState", hidden(answer, "RelayState"),
                "bounced", "1"), ENGLISH));
        assertThat(replay.body()).contains("id=\"upstream-error\"");
        assertThat(links("bob@example.org")).as("the replay linked nothing").isEmpty();
        assertThat(auditOf("bob@example.org")).containsExactly("upstream-link:success", "upstream-unlink:success");
        assertThat(eidasLogin("DE-mustermann").getSubject()).isEqualTo(before.getSubject());
    }

    @Test
    void theStartNeedsTheCsrfTokenAndARecentSignIn() {
        Browser dave = new Browser(ENGLISH);
        var page = signedIn(dave, "dave@example.org");
        for (String token : List.of("", "wrong-token")) {
            var forged = dave.postForm(account() + "/links/eu/link", token.isEmpty() ? Map.of() : Map.of("_csrf",
                    token));
            assertThat(forged.statusCode()).isEqualTo(303);
            assertThat(Browser.location(forged)).isEqualTo("/realms/portal/account/links/eu/link?expired");
            var again = dave.get(Browser.resolve(forged), ENGLISH);
            assertThat(Browser.location(again)).isEqualTo("/realms/portal/account");
        }
        var start = dave.get(server.issuer("portal") + "/upstream/eu/link", ENGLISH);
        assertThat(start.statusCode()).as("no link was asked: back to the console").isEqualTo(303);
        assertThat(Browser.location(start)).endsWith("/realms/portal/account#notice");
        assertThat(dave.get(account(), ENGLISH).body()).contains("no longer valid");

        clock.offset = Duration.ofMinutes(6);
        var stale = dave.postForm(account() + "/links/eu/link", Map.of("_csrf", Browser.csrfToken(page.body())));
        // The browser follows the console's round trip (authorize with max_age): it ends at the login page.
        assertThat(stale.statusCode()).isEqualTo(302);
        assertThat(Browser.location(stale)).as("signs in again first").contains("/realms/portal/login");
        var afterwards = dave.get(server.issuer("portal") + "/upstream/eu/link", ENGLISH);
        assertThat(Browser.location(afterwards)).as("and nothing is pending").endsWith("/account#notice");
        assertThat(links("dave@example.org")).isEmpty();
        assertThat(server.bean(JdbcClient.class).sql("select count(*) from audit_event where account_id = ? and type"
                + " like 'upstream-%'").param(accountId("dave@example.org")).query(Integer.class).single()).isZero();
    }

    @Test
    void theAnswerInAnotherBrowserLinksNothing() {
        Browser dave = new Browser(ENGLISH);
        var answer = answer(dave, toTheNode(dave, signedIn(dave, "dave@example.org")), "BE-peeters", SUBSTANTIAL);
        Browser other = new Browser(ENGLISH);
        signedIn(other, "dave@example.org");
        var elsewhere = other.postForm(server.issuer("portal") + "/upstream/eu/saml/acs", Map.of("SAMLResponse",
                hidden(answer, "SAMLResponse"), "RelayState", hidden(answer, "RelayState"), "bounced", "1"), ENGLISH);
        assertThat(other.outcome(elsewhere).body()).contains("id=\"upstream-error\"");
        assertThat(links("dave@example.org")).isEmpty();
        // The other browser is still Dave's, signed in to the realm as before.
        assertThat(other.get(account(), ENGLISH).statusCode()).isEqualTo(200);
    }

    @Test
    void anExpiredLinkIsRefusedBeforeAndAfterTheNode() {
        Browser erin = new Browser(ENGLISH);
        var page = signedIn(erin, "erin@example.org");
        var posted = erin.postForm(account() + "/links/eu/link", Map.of("_csrf", Browser.csrfToken(page.body())));
        assertThat(posted.statusCode()).isEqualTo(303);
        clock.offset = Duration.ofMinutes(11);
        var start = erin.get(Browser.resolve(posted), ENGLISH);
        assertThat(start.statusCode()).as("expired before the node: no AuthnRequest").isEqualTo(303);
        assertThat(Browser.location(start)).endsWith("/account#notice");

        clock.offset = Duration.ZERO;
        var node = toTheNode(erin, erin.get(account(), ENGLISH));
        var answer = answer(erin, node, "ES-garcalpez", SUBSTANTIAL);
        clock.offset = Duration.ofMinutes(11);
        var done = postToAcs(erin, answer);
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(Browser.location(done)).endsWith("/account#notice");
        assertThat(links("erin@example.org")).isEmpty();
        assertThat(auditOf("erin@example.org")).containsExactly("upstream-link:failure");
    }

    @Test
    void aLevelBelowTheRealmsMinimumLinksNothing() {
        Browser fay = new Browser(ENGLISH);
        var node = toTheNode(fay, signedIn(fay, "fay@example.org"));
        assertThat(node.body()).as("the realm's minimum is asked").contains(SUBSTANTIAL);
        var console = backAtTheConsole(fay, postToAcs(fay, answer(fay, node, "EL-papadopoulos", LOW)));
        assertThat(console.body()).contains("not strong enough").contains("id=\"link-eu\"");
        assertThat(links("fay@example.org")).isEmpty();
    }
}
