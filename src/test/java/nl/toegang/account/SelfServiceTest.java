package nl.toegang.account;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.FreePort;
import nl.toegang.testsupport.Mailbox;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registration, verification, password reset and contact details end to end: real HTTP against a running server,
 * real SMTP to an in-process GreenMail server, and the OIDC flow of a relying party to prove who can sign in.
 */
class SelfServiceTest {
    static final int SMTP_PORT = FreePort.find();
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String REDIRECT = "https://rp.example.test/cb";
    static final String GOOD_PASSWORD = "lantern orbit cactus velvet";
    static final String OTHER_GOOD_PASSWORD = "harbor quilt meadow zephyr";

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"))
            .withPerMethodLifecycle(false);

    @TempDir
    static Path temp;
    static TestServer server;
    static Mailbox mailbox;
    static OidcTestClient rp;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        // These tests count and read mails in order; new-device notices (NewDeviceNoticeTest) would interleave.
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                notices:
                  newDeviceEmail: false
                clients:
                  - clientId: rp
                    type: confidential
                    secret: %s
                    redirectUris: [%s]
                    scopes: [openid, profile, email]
                users:
                  - email: alice@example.org
                    password: Correct-Horse-Battery-42
                    name: Alice Example
                    emailVerified: true
                  - email: carol@example.org
                    password: Correct-Horse-Battery-42
                    name: Carol Example
                    emailVerified: true
                    locale: en
                  - email: dave@example.org
                    password: Correct-Horse-Battery-42
                    name: Dave Example
                    emailVerified: true
                    locale: en
                """.formatted(SECRET, REDIRECT));
        Files.writeString(realms.resolve("short.yaml"), """
                name: short
                displayName: Short Lived
                notices:
                  newDeviceEmail: false
                settings:
                  passwordResetLifetime: 2s
                users:
                  - email: erin@example.org
                    password: Correct-Horse-Battery-42
                    name: Erin Example
                    emailVerified: true
                """);
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of(
                "toegang.mail.transport", "smtp",
                "toegang.mail.dispatch-interval", "100ms",
                "spring.mail.host", "127.0.0.1",
                "spring.mail.port", String.valueOf(SMTP_PORT))).start();
        mailbox = new Mailbox(smtp);
        rp = new OidcTestClient(server.issuer("portal"), "rp", SECRET, REDIRECT);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static String url(String realm, String path) {
        return server.issuer(realm) + path;
    }

    static HttpResponse<String> register(Browser browser, String email, String name, String password) {
        var form = browser.get(url("portal", "/register"));
        assertThat(form.statusCode()).isEqualTo(200);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("email", email);
        fields.put("name", name);
        fields.put("locale", "en");
        fields.put("password", password);
        fields.put("_csrf", Browser.csrfToken(form.body()));
        return browser.postForm(url("portal", "/register"), fields);
    }

    static HttpResponse<String> postWithCsrf(Browser browser, String pageUrl, String postUrl, Map<String, String> form) {
        var page = browser.get(pageUrl);
        Map<String, String> fields = new LinkedHashMap<>(form);
        fields.put("_csrf", Browser.csrfToken(page.body()));
        return browser.postForm(postUrl, fields);
    }

    static HttpResponse<String> passwordLogin(Browser browser, String realm, String email, String password) {
        return postWithCsrf(browser, url(realm, "/login"), url(realm, "/login"),
                Map.of("email", email, "password", password));
    }

    static boolean canSignIn(String email, String password) {
        return !Browser.location(passwordLogin(new Browser(), "portal", email, password)).contains("?");
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    @Test
    void registerVerifyByCodeThenSignInThroughARelyingParty() {
        String email = unique("new");
        Browser browser = new Browser();
        var registered = register(browser, email, "Nora New", GOOD_PASSWORD);
        assertThat(registered.statusCode()).isEqualTo(303);
        assertThat(Browser.location(registered)).endsWith("/register/check-email");

        var mail = mailbox.awaitNewest(email, 1);
        assertThat(mail.subject()).contains("Confirm your email address").contains("Mijn Portaal");
        assertThat(Browser.location(passwordLogin(new Browser(), "portal", email, GOOD_PASSWORD)))
                .as("not before verification").endsWith("?unverified");

        var page = browser.get(url("portal", "/register/check-email"));
        assertThat(page.body()).contains(email);
        // A wrong code the whole-run secret scan cannot meet by chance in another log line ("s00000000" is a sector).
        var wrong = browser.postForm(url("portal", "/register/verify"),
                Map.of("code", "86420975", "_csrf", Browser.csrfToken(page.body())));
        assertThat(Browser.location(wrong)).endsWith("/register/check-email");
        var verified = postWithCsrf(browser, url("portal", "/register/check-email"), url("portal", "/register/verify"),
                Map.of("code", mail.code()));
        assertThat(Browser.location(verified)).endsWith("/register/verified");

        var pkce = OidcTestClient.Pkce.create();
        var result = rp.loginAndAuthorize(new Browser(), rp.authorizationParams(pkce, "s", "n"), email, GOOD_PASSWORD);
        var tokens = rp.redeemCode(result.get("code"), pkce.verifier());
        assertThat(tokens.statusCode()).isEqualTo(200);
        assertThat(rp.verify(OidcTestClient.json(tokens.body()).get("id_token").asString()).getSubject()).isNotBlank();

        // The code is single use.
        var again = postWithCsrf(browser, url("portal", "/register"), url("portal", "/register/verify"),
                Map.of("code", mail.code()));
        assertThat(Browser.location(again)).endsWith("/register");
    }

    @Test
    void registerVerifyByLinkWhichWorksOnce() {
        String email = unique("link");
        register(new Browser(), email, "Lena Link", GOOD_PASSWORD);
        String link = mailbox.awaitNewest(email, 1).link("/verify-email?token=");

        Browser other = new Browser(); // the link may be opened in another browser
        var confirm = other.get(link);
        assertThat(confirm.statusCode()).as("GET does not use the link").isEqualTo(200);
        assertThat(canSignIn(email, GOOD_PASSWORD)).isFalse();
        String token = Browser.queryParams(link).get("token");
        var posted = other.postForm(url("portal", "/verify-email"),
                Map.of("token", token, "_csrf", Browser.csrfToken(confirm.body())));
        assertThat(Browser.location(posted)).endsWith("/register/verified");
        assertThat(canSignIn(email, GOOD_PASSWORD)).isTrue();

        assertThat(other.get(link).statusCode()).as("used link").isEqualTo(410);
        assertThat(new Browser().get(url("portal", "/verify-email?token=forged")).statusCode()).isEqualTo(410);
    }

    @Test
    void duplicateRegistrationLooksTheSameAndTellsTheOwner() {
        Browser existing = new Browser();
        var forExisting = register(existing, "dave@example.org", "Someone Else", GOOD_PASSWORD);
        String fresh = unique("fresh");
        Browser brandNew = new Browser();
        var forNew = register(brandNew, fresh, "Someone Else", GOOD_PASSWORD);
        assertThat(forExisting.statusCode()).isEqualTo(forNew.statusCode()).isEqualTo(303);
        assertThat(Browser.location(forExisting)).isEqualTo(Browser.location(forNew));
        String pageExisting = existing.get(url("portal", "/register/check-email")).body();
        String pageNew = brandNew.get(url("portal", "/register/check-email")).body();
        assertThat(normalize(pageExisting, "dave@example.org")).isEqualTo(normalize(pageNew, fresh));

        var notice = mailbox.awaitNewest("dave@example.org", 1);
        assertThat(notice.subject()).contains("Someone tried to create an account");
        assertThat(notice.text()).contains("/forgot").doesNotContainPattern("(?m)^\\s*\\d{8}\\s*$");
        assertThat(canSignIn("dave@example.org", "Correct-Horse-Battery-42")).as("owner unaffected").isTrue();
    }

    @Test
    void forgotPasswordResetEndsSessionsAndRevokesRefreshTokens() {
        Browser signedIn = new Browser();
        var pkce = OidcTestClient.Pkce.create();
        var result = rp.loginAndAuthorize(signedIn, rp.authorizationParams(pkce, "s", "n"), "alice@example.org",
                "Correct-Horse-Battery-42");
        String refresh = OidcTestClient.json(rp.redeemCode(result.get("code"), pkce.verifier()).body())
                .get("refresh_token").asString();

        Browser resetting = new Browser();
        var sent = postWithCsrf(resetting, url("portal", "/forgot"), url("portal", "/forgot"),
                Map.of("email", "alice@example.org"));
        assertThat(Browser.location(sent)).endsWith("/forgot/sent");
        String link = mailbox.awaitNewest("alice@example.org", 1).link("/reset?token=");

        var choose = resetting.get(link);
        assertThat(choose.statusCode()).isEqualTo(200);
        String token = Browser.queryParams(link).get("token");
        var refused = resetting.postForm(url("portal", "/reset"),
                Map.of("token", token, "password", "short", "_csrf", Browser.csrfToken(choose.body())));
        assertThat(refused.statusCode()).as("policy still applies, answered with the page by a GET").isEqualTo(303);
        assertThat(Browser.location(refused)).contains("/realms/portal/reset?token=").contains("&draft=");
        var weak = resetting.get(Browser.resolve(refused));
        assertThat(weak.statusCode()).isEqualTo(200);
        assertThat(weak.body()).contains("id=\"password-feedback\"").contains("te kort").contains("15")
                .containsPattern("<title>Fout: ");

        var done = resetting.postForm(url("portal", "/reset"),
                Map.of("token", token, "password", OTHER_GOOD_PASSWORD, "_csrf", Browser.csrfToken(weak.body())));
        assertThat(Browser.location(done)).endsWith("/reset/done");

        assertThat(rp.refresh(refresh).statusCode()).as("old refresh token revoked").isEqualTo(400);
        var authorize = signedIn.get(rp.authorizationUrl(rp.authorizationParams(OidcTestClient.Pkce.create(), "s", "n")));
        assertThat(Browser.location(authorize)).as("old session ended").endsWith("/realms/portal/login");
        assertThat(canSignIn("alice@example.org", "Correct-Horse-Battery-42")).isFalse();
        assertThat(canSignIn("alice@example.org", OTHER_GOOD_PASSWORD)).isTrue();
        assertThat(mailbox.awaitNewest("alice@example.org", 2).subject()).contains("is gewijzigd");

        assertThat(new Browser().get(link).statusCode()).as("reset link is single use").isEqualTo(410);
    }

    @Test
    void resetLinksExpireAndANewerRequestInvalidatesOlderOnes() throws Exception {
        Browser browser = new Browser();
        postWithCsrf(browser, url("short", "/forgot"), url("short", "/forgot"), Map.of("email", "erin@example.org"));
        String first = mailbox.awaitNewest("erin@example.org", 1).link("/reset?token=");
        postWithCsrf(browser, url("short", "/forgot"), url("short", "/forgot"), Map.of("email", "erin@example.org"));
        String second = mailbox.awaitNewest("erin@example.org", 2).link("/reset?token=");
        assertThat(second).isNotEqualTo(first);
        assertThat(browser.get(first).statusCode()).as("superseded").isEqualTo(410);
        assertThat(browser.get(second).statusCode()).isEqualTo(200);
        Thread.sleep(2500); // the "short" realm's links live 2 s
        assertThat(browser.get(second).statusCode()).as("expired").isEqualTo(410);
    }

    @Test
    void emailChangeNeedsVerificationOfTheNewAddressAndTellsTheOldOne() {
        Browser browser = new Browser();
        var toLogin = browser.get(url("portal", "/account"));
        assertThat(Browser.location(toLogin)).endsWith("/realms/portal/login");
        var loggedIn = passwordLogin(browser, "portal", "carol@example.org", "Correct-Horse-Battery-42");
        // Back through the console's own sign-in (authorize, callback) to the page first asked for.
        assertThat(loggedIn.statusCode()).isEqualTo(200);
        assertThat(loggedIn.uri().getPath()).isEqualTo("/realms/portal/account");

        String newAddress = unique("carol-new");
        var requested = postWithCsrf(browser, url("portal", "/account"), url("portal", "/account/email"),
                Map.of("newEmail", newAddress));
        assertThat(requested.statusCode()).isEqualTo(303);
        var mail = mailbox.awaitNewest(newAddress, 1);
        assertThat(canSignIn(newAddress, "Correct-Horse-Battery-42")).as("not before verification").isFalse();

        var verified = postWithCsrf(browser, url("portal", "/account"), url("portal", "/account/email/verify"),
                Map.of("code", mail.code()));
        assertThat(verified.statusCode()).isEqualTo(303);
        assertThat(browser.get(url("portal", "/account")).body()).contains(newAddress);
        assertThat(canSignIn(newAddress, "Correct-Horse-Battery-42")).isTrue();
        assertThat(canSignIn("carol@example.org", "Correct-Horse-Battery-42")).isFalse();
        assertThat(mailbox.awaitNewest("carol@example.org", 1).subject()).contains("another email address");
    }

    @Test
    void contactDetailsAndPasswordChangeNeedTheCurrentPassword() {
        String email = unique("pat");
        Browser reg = new Browser();
        register(reg, email, "Pat Person", GOOD_PASSWORD);
        postWithCsrf(reg, url("portal", "/register/check-email"), url("portal", "/register/verify"),
                Map.of("code", mailbox.awaitNewest(email, 1).code()));

        Browser browser = new Browser();
        passwordLogin(browser, "portal", email, GOOD_PASSWORD);
        var saved = postWithCsrf(browser, url("portal", "/account"), url("portal", "/account/profile"),
                Map.of("name", "Pat Renamed", "phone", "+31 6 12345678", "locale", "nl"));
        assertThat(saved.statusCode()).isEqualTo(303);
        String page = browser.get(url("portal", "/account")).body();
        assertThat(page).contains("Pat Renamed").contains("+31 6 12345678");

        var refusedPhone = postWithCsrf(browser, url("portal", "/account"), url("portal", "/account/profile"),
                Map.of("name", "Pat", "phone", "call me maybe", "locale", "nl"));
        // Refused forms answer 303 to the page (post/redirect/get: a reload never posts again), which shows the
        // problems and what was typed.
        assertThat(refusedPhone.statusCode()).isEqualTo(303);
        assertThat(Browser.location(refusedPhone)).contains("/realms/portal/account?draft=");
        var badPhone = browser.get(Browser.resolve(refusedPhone));
        assertThat(badPhone.statusCode()).isEqualTo(200);
        assertThat(badPhone.body()).contains("value=\"call me maybe\"").contains("value=\"Pat\"");
        assertThat(badPhone.body()).contains("aria-describedby=\"phone-hint phone-error\"");
        // The error summary at the top links to the field, the title says "Error"/"Fout", and the rest of the
        // page (sessions, second step) is still there: a typo must not hide them.
        assertThat(badPhone.body()).contains("id=\"error-summary\"").contains("href=\"#phone\"")
                .containsPattern("<title>(Error|Fout): ").contains("id=\"sessions\"").contains("id=\"phone-error\"")
                .doesNotContain("href=\"#name\"");

        var refusedCurrent = postWithCsrf(browser, url("portal", "/account"), url("portal", "/account/password"),
                Map.of("currentPassword", "not my password", "newPassword", OTHER_GOOD_PASSWORD));
        assertThat(refusedCurrent.statusCode()).isEqualTo(303);
        var wrongCurrent = browser.get(Browser.resolve(refusedCurrent));
        assertThat(wrongCurrent.body()).doesNotContain("not my password").doesNotContain(OTHER_GOOD_PASSWORD);
        assertThat(wrongCurrent.body()).contains("href=\"#currentPassword\"").contains("id=\"sessions\"");
        var refusedEmail = postWithCsrf(browser, url("portal", "/account"), url("portal", "/account/email"),
                Map.of("newEmail", "not-an-address"));
        assertThat(refusedEmail.statusCode()).isEqualTo(303);
        var badEmail = browser.get(Browser.resolve(refusedEmail));
        assertThat(badEmail.body()).contains("value=\"not-an-address\"");
        assertThat(badEmail.body()).contains("href=\"#newEmail\"").contains("id=\"sessions\"");
        assertThat(canSignIn(email, OTHER_GOOD_PASSWORD)).isFalse();

        var changed = postWithCsrf(browser, url("portal", "/account"), url("portal", "/account/password"),
                Map.of("currentPassword", GOOD_PASSWORD, "newPassword", OTHER_GOOD_PASSWORD));
        assertThat(changed.statusCode()).isEqualTo(303);
        assertThat(browser.get(url("portal", "/account")).statusCode()).as("this browser stays signed in")
                .isEqualTo(200);
        assertThat(canSignIn(email, OTHER_GOOD_PASSWORD)).isTrue();
        assertThat(canSignIn(email, GOOD_PASSWORD)).isFalse();
    }

    static String normalize(String html, String email) {
        return html.replace(email, "EMAIL").replaceAll("name=\"_csrf\"\\s+(?:value|content)=\"[^\"]+\"", "CSRF");
    }
}
