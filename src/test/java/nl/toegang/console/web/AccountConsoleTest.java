package nl.toegang.console.web;

import nl.toegang.console.web.AccountActivityController;
import nl.toegang.audit.AuditLog;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account console's "apps with access" and "recent security activity" pages, through HTTP as a browser uses
 * them: what is listed, that Revoke really ends the app's tokens (and only that app's, only in this realm), and that
 * the activity list shows this account's events only, in plain words, without a staff member's address.
 */
class AccountConsoleTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String SECRET = "console-test-secret-0123456789abcdef";
    static final String REDIRECT = "https://rp.example.test/callback";
    static final Map<String, String> ENGLISH = Map.of("Accept", "text/html", "Accept-Language", "en");

    @TempDir
    static Path temp;
    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        for (String realm : new String[]{"portal", "other"}) {
            Files.writeString(realms.resolve(realm + ".yaml"), """
                    name: %s
                    displayName: Console %s
                    clients:
                      - clientId: rp
                        name: Parking permits
                        type: confidential
                        secret: %s
                        redirectUris: [%s]
                        grantTypes: [authorization_code, refresh_token]
                        scopes: [openid, profile, email]
                      - clientId: library
                        name: Library
                        type: confidential
                        secret: %s
                        redirectUris: [%s]
                        grantTypes: [authorization_code, refresh_token]
                        scopes: [openid, profile, email]
                    users:
                      - email: alice@example.org
                        password: %s
                        name: Alice Example
                        emailVerified: true
                      - email: bob@example.org
                        password: %s
                        name: Bob Example
                        emailVerified: true
                    """.formatted(realm, realm, SECRET, REDIRECT, SECRET, REDIRECT, PASSWORD, PASSWORD));
        }
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** Signs in through {@code clientId} and returns the refresh token; the browser stays signed in. */
    static String signInThrough(Browser browser, String realm, String clientId, String email) {
        var client = new OidcTestClient(server.issuer(realm), clientId, SECRET, REDIRECT);
        var pkce = OidcTestClient.Pkce.create();
        String code = client.loginAndAuthorize(browser, client.authorizationParams(pkce, "s", "n"), email, PASSWORD)
                .get("code");
        var tokens = client.redeemCode(code, pkce.verifier());
        assertThat(tokens.statusCode()).isEqualTo(200);
        return OidcTestClient.json(tokens.body()).get("refresh_token").asString();
    }

    /** What a person reads: the page without its tags. */
    static String text(String html) {
        return html.replaceAll("<[^>]+>", "").replaceAll("\\s+", " ");
    }

    static HttpResponse<String> refresh(String realm, String clientId, String refreshToken) {
        return new OidcTestClient(server.issuer(realm), clientId, SECRET, REDIRECT).refresh(refreshToken);
    }

    @Test
    void revokeEndsThatAppsTokensForThisAccountOnly() {
        Browser alice = new Browser();
        String rpToken = signInThrough(alice, "portal", "rp", "alice@example.org");
        String libraryToken = signInThrough(new Browser(), "portal", "library", "alice@example.org");
        String otherRealmToken = signInThrough(new Browser(), "other", "rp", "alice@example.org");
        String bobToken = signInThrough(new Browser(), "portal", "rp", "bob@example.org");

        var page = alice.get(server.issuer("portal") + "/account/apps", ENGLISH);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Parking permits").contains("Library").contains("your name")
                .contains("your email address").contains("Last used:");
        assertThat(page.body().split("class=\"app-item\"", -1)).as("two apps, not the other realm's").hasSize(3);

        var revoked = alice.postForm(server.issuer("portal") + "/account/apps/rp/revoke",
                Map.of("_csrf", Browser.csrfToken(page.body())));
        assertThat(revoked.statusCode()).isEqualTo(303);
        assertThat(Browser.location(revoked)).endsWith("/realms/portal/account/apps");

        assertThat(refresh("portal", "rp", rpToken).statusCode()).as("revoked app's refresh token").isEqualTo(400);
        assertThat(refresh("portal", "library", libraryToken).statusCode()).as("other app").isEqualTo(200);
        assertThat(refresh("other", "rp", otherRealmToken).statusCode()).as("same client id, other realm")
                .isEqualTo(200);
        assertThat(refresh("portal", "rp", bobToken).statusCode()).as("same app, other account").isEqualTo(200);

        var after = alice.get(server.issuer("portal") + "/account/apps", ENGLISH);
        assertThat(after.body()).contains("Access revoked").contains("Library").doesNotContain("Parking permits");
        assertThat(alice.get(server.issuer("portal") + "/account/activity", ENGLISH).body())
                .contains("Access of an app revoked");

        // Signing in to the app again works and lists it again: revoking is not a ban.
        signInThrough(new Browser(), "portal", "rp", "alice@example.org");
        assertThat(alice.get(server.issuer("portal") + "/account/apps", ENGLISH).body()).contains("Parking permits");
    }

    @Test
    void revokeNeedsTheFormsCsrfTokenAndAKnownApp() {
        Browser alice = new Browser();
        String token = signInThrough(alice, "other", "library", "alice@example.org");
        var noToken = alice.postForm(server.issuer("other") + "/account/apps/library/revoke", Map.of());
        assertThat(noToken.statusCode()).isNotEqualTo(200);
        assertThat(Browser.location(noToken)).doesNotEndWith("/account/apps");
        assertThat(refresh("other", "library", token).statusCode()).as("still works").isEqualTo(200);

        var page = alice.get(server.issuer("other") + "/account/apps", ENGLISH);
        var unknown = alice.postForm(server.issuer("other") + "/account/apps/no-such-app/revoke",
                Map.of("_csrf", Browser.csrfToken(page.body())));
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void consolePagesNeedASignedInBrowser() {
        Browser stranger = new Browser();
        for (String path : new String[]{"/account/apps", "/account/activity"}) {
            var answer = stranger.get(server.issuer("portal") + path);
            assertThat(answer.statusCode()).isEqualTo(302);
            assertThat(Browser.location(answer)).endsWith("/realms/portal/login");
        }
    }

    @Test
    void activityShowsThisAccountsEventsInPlainWordsAndNoStaffAddress() {
        Browser bob = new Browser();
        String login = server.issuer("other") + "/login";
        var form = bob.get(login);
        var wrong = bob.postForm(login, Map.of("email", "bob@example.org", "password", "not-the-password-at-all",
                "_csrf", Browser.csrfToken(form.body())));
        assertThat(wrong.statusCode()).isIn(200, 303, 401);
        signInThrough(bob, "other", "rp", "bob@example.org");
        // Alice's sign-in in the same realm must not appear in Bob's list.
        signInThrough(new Browser(), "other", "rp", "alice@example.org");
        String bobId = server.bean(nl.toegang.account.AccountRepository.class)
                .findByEmail("other", "bob@example.org").orElseThrow().id();
        server.bean(AuditLog.class).event("other", "unlock", "success").account(bobId).actor("account:staff-1")
                .ip("203.0.113.77").reason("called the helpdesk").record();

        var page = bob.get(server.issuer("other") + "/account/activity", ENGLISH);
        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        assertThat(text(body)).contains("Sign-in failed: wrong password").contains("Signed in (password)")
                .contains("Sign-in unblocked (by our support staff)")
                .contains("127.0.0.1")
                .doesNotContain("203.0.113.77").doesNotContain("called the helpdesk");
        assertThat(body.split("class=\"activity-line", -1)).as("failure, login, unlock: Bob's only").hasSize(4);
        assertThat(text(bob.get(server.issuer("other") + "/account/activity", Map.of("Accept-Language", "nl")).body()))
                .contains("Ingelogd (wachtwoord)").contains("Inloggen mislukt: verkeerd wachtwoord");
    }

    @Test
    void anUnlockByTheirOwnPasswordResetIsNotShownAsSupportsDoing() {
        Browser alice = new Browser();
        signInThrough(alice, "other", "rp", "alice@example.org");
        String aliceId = server.bean(nl.toegang.account.AccountRepository.class)
                .findByEmail("other", "alice@example.org").orElseThrow().id();
        // What the password-reset flow calls once the new password is set.
        assertThat(server.bean(nl.toegang.account.AccountLockouts.class).clear("other", aliceId)).isTrue();

        String english = text(alice.get(server.issuer("other") + "/account/activity", ENGLISH).body());
        assertThat(english).contains("Sign-in unblocked (after you reset your password)")
                .doesNotContain("by our support staff");
        assertThat(text(alice.get(server.issuer("other") + "/account/activity",
                Map.of("Accept-Language", "nl")).body()))
                .contains("Inloggen gedeblokkeerd (nadat u uw wachtwoord opnieuw instelde)")
                .doesNotContain("door onze helpdesk");
    }

    @Test
    void activityIsPagedAndABadPageNumberIsExplainedNotAnError() {
        Browser alice = new Browser();
        signInThrough(alice, "portal", "library", "alice@example.org");
        String aliceId = server.bean(nl.toegang.account.AccountRepository.class)
                .findByEmail("portal", "alice@example.org").orElseThrow().id();
        for (int i = 0; i < AccountActivityController.PAGE_SIZE + 5; i++) {
            server.bean(AuditLog.class).event("portal", "profile-change", "success").account(aliceId).record();
        }
        var first = alice.get(server.issuer("portal") + "/account/activity", ENGLISH);
        assertThat(first.body().split("class=\"activity-line", -1)).hasSize(AccountActivityController.PAGE_SIZE + 1);
        assertThat(first.body()).contains("id=\"activity-older\"");
        var second = alice.get(server.issuer("portal") + "/account/activity?page=1", ENGLISH);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).contains("Personal details changed").contains("Newer");

        for (String bad : new String[]{"abc", "-1", "999999", "1e3"}) {
            var answer = alice.get(server.issuer("portal") + "/account/activity?page=" + bad, ENGLISH);
            assertThat(answer.statusCode()).as(bad).isEqualTo(400);
            assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at nl.toegang");
        }
    }
}
