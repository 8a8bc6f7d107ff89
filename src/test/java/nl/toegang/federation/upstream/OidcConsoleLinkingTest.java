package nl.toegang.federation.upstream;

import nl.toegang.account.AccountRepository;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestRunSecrets;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code linking: console} for an OpenID upstream (docs/upstream.md "Linking from the account console"): the same
 * ceremony as for eIDAS, through the authorization code flow: the provider is asked for a fresh login
 * ({@code prompt=login}), the link is made for the console's account, and the provider's login then lands there. A
 * provider answer for another browser's link links nothing.
 */
class OidcConsoleLinkingTest {
    static final String REDIRECT = "https://rp.example.test/callback";
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String UPSTREAM_SECRET = "upstream-console-s3cr3t-0123456789abcdef";
    static final String PASSWORD = "Correct-Horse-Battery-42";

    @TempDir
    static Path temp;
    static FakeOpenIdProvider provider;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        TestRunSecrets.remember(UPSTREAM_SECRET);
        provider = new FakeOpenIdProvider("toegang", UPSTREAM_SECRET);
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Test Portaal
                users:
                  - {email: bob@example.org, password: %5$s, name: Bob, emailVerified: true}
                  - {email: carol@example.org, password: %5$s, name: Carol, emailVerified: true}
                clients:
                  - clientId: rp
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s]
                    scopes: [openid, profile, email]
                upstreams:
                  - id: partner
                    type: oidc
                    displayName: {nl: Partner, en: Partner}
                    issuer: %3$s
                    clientId: toegang
                    clientSecret: %4$s
                    scopes: [openid, profile]
                    claims: {name: name}
                    linking: console
                """.formatted(SECRET, REDIRECT, provider.issuer(), UPSTREAM_SECRET, PASSWORD));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        provider.close();
    }

    static OidcTestClient client() {
        return new OidcTestClient(server.issuer("portal"), "rp", SECRET, REDIRECT);
    }

    static String account() {
        return server.issuer("portal") + "/account";
    }

    static Browser signedIn(String email) {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        var pkce = OidcTestClient.Pkce.create();
        client().loginAndAuthorize(browser, client().authorizationParams(pkce, "s", "n"), email, PASSWORD);
        return browser;
    }

    /** The console's link button, up to our start of the provider's login: the provider's authorization URL. */
    static String startLink(Browser browser) {
        var page = browser.get(account());
        assertThat(page.body()).contains("id=\"link-partner\"");
        var posted = browser.postForm(account() + "/links/partner/link", Map.of("_csrf",
                Browser.csrfToken(page.body())));
        assertThat(posted.statusCode()).isEqualTo(303);
        var start = browser.get(Browser.resolve(posted));
        assertThat(start.statusCode()).as(start.body()).isEqualTo(303);
        String authorize = Browser.location(start);
        assertThat(authorize).startsWith(provider.issuer());
        assertThat(Browser.queryParams(authorize)).as("a fresh login at the provider").containsEntry("prompt",
                "login");
        return authorize;
    }

    static String accountId(String email) {
        return server.bean(AccountRepository.class).findByEmail("portal", email).orElseThrow().id();
    }

    static int links(String email) {
        return server.bean(JdbcClient.class).sql("select count(*) from upstream_link where account_id = ?")
                .param(accountId(email)).query(Integer.class).single();
    }

    @Test
    void theLinkIsMadeForTheConsolesAccountAndTheProvidersLoginThenLandsThere() {
        provider.reset();
        provider.tamper = claims -> claims.subject("bob-at-partner");
        Browser bob = signedIn("bob@example.org");
        var answered = bob.get(startLink(bob));
        assertThat(answered.statusCode()).isEqualTo(302);
        var done = bob.get(Browser.location(answered));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(Browser.location(done)).endsWith("/realms/portal/account#notice");
        assertThat(bob.get(account()).body()).contains("The link has been made").contains("id=\"linked-providers\"");
        assertThat(links("bob@example.org")).isEqualTo(1);

        // Through the provider from the login page: Bob's account, the relying party sees its sub.
        var pkce = OidcTestClient.Pkce.create();
        String bobSub = client().verify(OidcTestClient.json(client().redeemCode(client().loginAndAuthorize(
                        new Browser(), client().authorizationParams(pkce, "s", "n"), "bob@example.org", PASSWORD)
                .get("code"), pkce.verifier()).body()).get("id_token").asString()).getSubject();
        Browser elsewhere = new Browser(Map.of("Accept-Language", "en"));
        var pkce2 = OidcTestClient.Pkce.create();
        assertThat(elsewhere.get(client().authorizationUrl(client().authorizationParams(pkce2, "s2", "n2")))
                .statusCode()).isEqualTo(302);
        var chose = elsewhere.get(server.issuer("portal") + "/login/upstream/partner");
        var start = elsewhere.get(Browser.resolve(chose));
        var callback = elsewhere.get(Browser.location(elsewhere.get(Browser.location(start))));
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(303);
        var authorize = elsewhere.get(Browser.resolve(callback));
        String code = Browser.queryParams(Browser.location(authorize)).get("code");
        var tokens = client().redeemCode(code, pkce2.verifier());
        assertThat(client().verify(OidcTestClient.json(tokens.body()).get("id_token").asString()).getSubject())
                .isEqualTo(bobSub);
    }

    @Test
    void theProvidersAnswerInAnotherBrowserLinksNothing() {
        provider.reset();
        provider.tamper = claims -> claims.subject("carol-at-partner");
        Browser carol = signedIn("carol@example.org");
        String authorize = startLink(carol);
        Browser other = signedIn("carol@example.org");
        var answered = other.get(authorize);
        var done = other.get(Browser.location(answered));
        assertThat(Browser.location(done)).as("an unknown state: the outcome page, not the console")
                .contains("/upstream/partner/outcome");
        assertThat(links("carol@example.org")).isZero();
    }
}
