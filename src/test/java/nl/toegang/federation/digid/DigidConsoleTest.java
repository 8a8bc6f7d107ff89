package nl.toegang.federation.digid;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.DigidTestRealm;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account console for a resident signed in with DigiD, over real HTTP through the mock DigiD: the DigiD home page
 * with sessions, apps with access, activity, ending another session, and the email-account actions refused. The BSN
 * never appears on a page, in an address or in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class DigidConsoleTest {
    static final String REDIRECT = "https://rp.example.test/callback";
    static final String BSN = DigidTestRealm.BSN;
    static final Map<String, String> ENGLISH = Map.of("Accept-Language", "en");
    static final String FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
    static final String CHROME_ANDROID = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/126.0.0.0 Mobile Safari/537.36";

    @TempDir
    static Path temp;
    static TestServer server;
    static DigidTestRealm realm;

    @BeforeAll
    static void start() throws Exception {
        realm = DigidTestRealm.write(temp.resolve("realms"), REDIRECT);
        server = TestServer.embedded(temp.resolve("data"), realm.realmsDir(), Map.of()).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static String console(String path) {
        return server.issuer("portal") + "/account" + path;
    }

    /** A browser signed in to the realm with the mock DigiD (level Midden) as the test resident. */
    static Browser digidBrowser(String userAgent, String bsn) {
        Browser browser = new Browser(Map.of("User-Agent", userAgent));
        MockDigidBrowser.login(server, browser, REDIRECT, bsn, "openid profile");
        return browser;
    }

    /** With the browser's realm session: a code for {@code rp}, redeemed; returns the refresh token. */
    static String tokensForRp(Browser browser) {
        OidcTestClient rp = realm.client(server, "rp");
        var pkce = OidcTestClient.Pkce.create();
        Map<String, String> params = new LinkedHashMap<>(rp.authorizationParams(pkce, "state-9", "nonce-9"));
        params.put("scope", "openid profile");
        var authorize = browser.get(rp.authorizationUrl(params));
        String location = Browser.location(authorize);
        assertThat(location).startsWith(REDIRECT + "?code=");
        var tokens = rp.redeemCode(Browser.queryParams(location).get("code"), pkce.verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        var refresh = OidcTestClient.json(tokens.body()).get("refresh_token");
        assertThat(refresh).as("rp gets a refresh token: " + tokens.body()).isNotNull();
        return refresh.asString();
    }

    static void assertNoBsn(HttpResponse<String> response) {
        assertThat(response.body()).doesNotContain(BSN);
        assertThat(response.uri().toString()).doesNotContain(BSN);
        response.headers().firstValue("Location").ifPresent(l -> assertThat(l).doesNotContain(BSN));
    }

    @Test
    void digidResidentSeesTheDigidPageWithTheirSessionsAndNoBsn() {
        Browser browser = digidBrowser(FIREFOX, BSN);
        var page = browser.get(console(""), ENGLISH);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/realms/portal/account");
        assertThat(page.body()).contains("Signed in with DigiD").contains("at level Midden")
                .contains("managed by DigiD, not here")
                .contains("id=\"session-list\"").contains("Firefox on Windows").contains("(this device)")
                .contains("id=\"sessions-end-others\"").contains("id=\"nav-apps\"").contains("id=\"nav-activity\"")
                // Nothing of an email account: no profile, email, password or second-factor forms.
                .doesNotContain("/account/profile").doesNotContain("/account/password")
                .doesNotContain("/account/email").doesNotContain("/account/totp")
                .doesNotContain("passkey-register");
        assertNoBsn(page);

        var dutch = browser.get(console(""));
        assertThat(dutch.body()).contains("Ingelogd met DigiD").contains("op niveau Midden")
                .contains("beheert u bij DigiD");
        assertNoBsn(dutch);
    }

    @Test
    void digidResidentSeesAnAppAndRevokesIt() {
        Browser browser = digidBrowser(FIREFOX, BSN);
        String refreshToken = tokensForRp(browser);

        var apps = browser.get(console("/apps"), ENGLISH);
        assertThat(apps.statusCode()).as(apps.body()).isEqualTo(200);
        assertThat(apps.body()).contains("/account/apps/rp/revoke").contains("Last used:");
        assertNoBsn(apps);

        // Without the form's CSRF token nothing is revoked.
        var forged = browser.postForm(console("/apps/rp/revoke"), Map.of());
        assertThat(forged.statusCode()).isNotEqualTo(200);
        assertThat(Browser.location(forged)).doesNotEndWith("/account/apps");
        var stillWorks = realm.client(server, "rp").refresh(refreshToken);
        assertThat(stillWorks.statusCode()).as(stillWorks.body()).isEqualTo(200);
        refreshToken = OidcTestClient.json(stillWorks.body()).get("refresh_token").asString();

        var revoked = browser.postForm(console("/apps/rp/revoke"), Map.of("_csrf", Browser.csrfToken(apps.body())));
        assertThat(revoked.statusCode()).isEqualTo(303);
        assertThat(Browser.location(revoked)).endsWith("/realms/portal/account/apps");
        assertThat(realm.client(server, "rp").refresh(refreshToken).statusCode()).as("revoked").isEqualTo(400);

        var after = browser.get(console("/apps"), ENGLISH);
        assertThat(after.body()).contains("Access revoked").doesNotContain("/account/apps/rp/revoke");
        assertThat(browser.get(console("/activity"), ENGLISH).body()).contains("Access of an app revoked");
    }

    @Test
    void digidSignInAppearsInTheActivity() {
        Browser browser = digidBrowser(FIREFOX, BSN);
        var activity = browser.get(console("/activity"), ENGLISH);
        assertThat(activity.statusCode()).as(activity.body()).isEqualTo(200);
        assertThat(activity.body()).contains("Signed in").contains("(DigiD)");
        assertNoBsn(activity);
    }

    @Test
    void digidResidentEndsAnotherOfTheirSessions() {
        Browser laptop = digidBrowser(FIREFOX, BSN);
        Browser phone = digidBrowser(CHROME_ANDROID, BSN);
        assertThat(phone.get(console(""), ENGLISH).statusCode()).isEqualTo(200);

        var page = laptop.get(console(""), ENGLISH);
        assertThat(page.body()).contains("Firefox on Windows").contains("Chrome on Android");
        Matcher other = Pattern.compile("class=\"session-item\" data-sid=\"([^\"]+)\">\\s*"
                + "<strong class=\"session-device\">Chrome on Android").matcher(page.body());
        assertThat(other.find()).as(page.body()).isTrue();

        var ended = laptop.postForm(console("/sessions/end"),
                Map.of("_csrf", Browser.csrfToken(page.body()), "sid", other.group(1)));
        assertThat(ended.statusCode()).isEqualTo(303);
        assertThat(laptop.get(console(""), ENGLISH).body()).contains("Firefox on Windows")
                .doesNotContain("Chrome on Android");

        // The phone is signed out: its console goes to the realm's login page.
        var phoneAgain = phone.get(console(""), ENGLISH);
        assertThat(phoneAgain.statusCode()).isEqualTo(302);
        assertThat(Browser.location(phoneAgain)).endsWith("/realms/portal/login");
        assertThat(laptop.get(console(""), ENGLISH).statusCode()).as("the laptop stays signed in").isEqualTo(200);
    }

    @Test
    void emailAccountActionsAreRefusedForADigidIdentityAndChangeNothing() {
        Browser browser = digidBrowser(FIREFOX, BSN);
        var page = browser.get(console(""), ENGLISH);
        String csrf = Browser.csrfToken(page.body());
        JdbcClient jdbc = server.bean(JdbcClient.class);
        long auditBefore = jdbc.sql("select count(*) from audit_event").query(Long.class).single();

        Map<String, Map<String, String>> posts = new LinkedHashMap<>();
        posts.put("/profile", Map.of("_csrf", csrf, "name", "Mallory", "phone", "", "locale", "en"));
        posts.put("/password", Map.of("_csrf", csrf, "currentPassword", "x", "newPassword", "a new long passphrase 42"));
        posts.put("/email", Map.of("_csrf", csrf, "newEmail", "mallory@example.org"));
        posts.put("/email/verify", Map.of("_csrf", csrf, "code", "123456"));
        posts.put("/totp", Map.of("_csrf", csrf));
        posts.put("/totp/remove", Map.of("_csrf", csrf));
        posts.put("/recovery-codes", Map.of("_csrf", csrf));
        posts.put("/passkeys/some-id/delete", Map.of("_csrf", csrf));
        for (var post : posts.entrySet()) {
            var refused = browser.postForm(console(post.getKey()), post.getValue(), ENGLISH);
            assertThat(refused.statusCode()).as(post.getKey() + ": " + refused.body()).isBetween(400, 499);
            assertNoBsn(refused);
        }
        var profile = browser.postForm(console("/profile"), posts.get("/profile"), ENGLISH);
        assertThat(profile.statusCode()).isEqualTo(403);
        assertThat(profile.body()).contains("Managed by DigiD").contains("Nothing was changed");

        // Nothing was made or changed for this identity.
        String subject = jdbc.sql("select id from federated_identity where realm = 'portal'").query(String.class)
                .single();
        assertThat(jdbc.sql("select count(*) from account where id = ?").param(subject).query(Long.class).single())
                .isZero();
        for (String table : List.of("mfa_totp", "mfa_totp_pending", "mfa_recovery_code")) {
            assertThat(jdbc.sql("select count(*) from " + table + " where account_id = ?").param(subject)
                    .query(Long.class).single()).as(table).isZero();
        }
        assertThat(jdbc.sql("select count(*) from audit_event").query(Long.class).single()).isEqualTo(auditBefore);
        // Still signed in and the console still works.
        assertThat(browser.get(console(""), ENGLISH).body()).contains("Signed in with DigiD");
    }

    /** Runs last: everything above was logged; no 11-proef-valid 9-digit number in it. */
    @Test
    void zzLogsNeverContainABsn(CapturedOutput output) {
        Browser browser = digidBrowser(FIREFOX, BSN);
        browser.get(console(""));
        browser.get(console("/apps"));
        browser.get(console("/activity"));
        browser.postForm(console("/password"), Map.of("_csrf", Browser.csrfToken(browser.get(console("")).body())));
        Matcher m = Pattern.compile("(?<!\\d)\\d{9}(?!\\d)").matcher(output.getAll());
        while (m.find()) {
            assertThat(nl.toegang.saml.Bsn.isValid(m.group()))
                    .as("11-proef-valid number in the log: position " + m.start()).isFalse();
        }
        assertThat(output.getAll()).doesNotContain(BSN);
    }
}
