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
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Account pre-hijacking (security review, high finding 1): someone registers an address they do not own and leaves
 * it unverified; when the owner later proves the address, the credentials that become active are hers, and nothing
 * the earlier registrant chose or set up survives. Real HTTP, real SMTP (GreenMail), the OIDC flow of a relying
 * party to prove who can sign in, and SQL only to look at (and plant) what an earlier holder might have left.
 */
class PreRegistrationTakeoverTest {
    static final int SMTP_PORT = FreePort.find();
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String REDIRECT = "https://rp.example.test/cb";
    static final String ATTACKER_PASSWORD = "quartz banjo nimble harvest";
    static final String OWNER_PASSWORD = "lantern orbit cactus velvet";

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"))
            .withPerMethodLifecycle(false);

    @TempDir
    static Path temp;
    static TestServer server;
    static Mailbox mailbox;
    static OidcTestClient rp;
    static JdbcClient db;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        // Mails are counted per address; new-device notices would interleave.
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
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of(
                "toegang.mail.transport", "smtp",
                "toegang.mail.dispatch-interval", "100ms",
                "spring.mail.host", "127.0.0.1",
                "spring.mail.port", String.valueOf(SMTP_PORT))).start();
        mailbox = new Mailbox(smtp);
        rp = new OidcTestClient(server.issuer("portal"), "rp", SECRET, REDIRECT);
        db = JdbcClient.create(server.bean(DataSource.class));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void ownerWhoRegistersAfterAnUnverifiedSquatterSignsInWithHerOwnPasswordAndTheSquattersIsRefused() {
        String address = unique("victim");
        register(new Browser(), address, "Mallory Squatter", ATTACKER_PASSWORD);
        String attackersLink = mailbox.awaitNewest(address, 1).link("/verify-email?token=");

        Browser owner = new Browser();
        register(owner, address, "Olivia Owner", OWNER_PASSWORD);
        var ownersMail = mailbox.awaitNewest(address, 2);
        var verified = enterRegistrationCode(owner, ownersMail.code());
        assertThat(Browser.location(verified)).endsWith("/register/verified");

        assertThat(canSignIn(address, ATTACKER_PASSWORD)).as("the squatter's password").isFalse();
        var pkce = OidcTestClient.Pkce.create();
        var code = rp.loginAndAuthorize(new Browser(), rp.authorizationParams(pkce, "s", "n"), address, OWNER_PASSWORD);
        var tokens = rp.redeemCode(code.get("code"), pkce.verifier());
        assertThat(tokens.statusCode()).as("the owner gets tokens").isEqualTo(200);

        var page = signInToConsole(address, OWNER_PASSWORD);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/realms/portal/account");
        assertThat(page.body()).as("her name, not the squatter's").contains("Olivia Owner")
                .doesNotContain("Mallory Squatter");

        assertThat(new Browser().get(attackersLink).statusCode()).as("the squatter's link no longer works")
                .isEqualTo(410);
        assertThat(postLink(attackersLink).statusCode()).isEqualTo(410);
        assertThat(canSignIn(address, ATTACKER_PASSWORD)).isFalse();
        assertThat(canSignIn(address, OWNER_PASSWORD)).isTrue();
        assertThat(count("SELECT count(*) FROM email_verification WHERE email = ? "
                + "AND registrant_password_hash IS NOT NULL", address)).as("no pending password hash kept").isZero();
        assertThat(ownersMail.text()).as("the mail says what to do when it was not you")
                .contains("nobody can use this address without the code");
    }

    @Test
    void eachRegistrantsCodeCarriesTheirOwnPasswordSoALaterRegistrationCannotTakeTheOwnersMailOver() {
        String address = unique("first");
        Browser owner = new Browser();
        register(owner, address, "Olivia Owner", OWNER_PASSWORD);
        var ownersMail = mailbox.awaitNewest(address, 1);
        register(new Browser(), address, "Mallory Squatter", ATTACKER_PASSWORD);
        String attackersLink = mailbox.awaitNewest(address, 2).link("/verify-email?token=");

        var verified = enterRegistrationCode(owner, ownersMail.code());
        assertThat(Browser.location(verified)).as("the owner's code still works").endsWith("/register/verified");
        assertThat(canSignIn(address, OWNER_PASSWORD)).isTrue();
        assertThat(canSignIn(address, ATTACKER_PASSWORD)).isFalse();
        assertThat(postLink(attackersLink).statusCode()).as("used after the owner's: refused").isEqualTo(410);
        assertThat(canSignIn(address, ATTACKER_PASSWORD)).isFalse();
        assertThat(canSignIn(address, OWNER_PASSWORD)).isTrue();
    }

    @Test
    void anUnverifiedAccountCannotSignInNorOpenTheConsole() {
        String address = unique("unverified");
        register(new Browser(), address, "Una Verified", OWNER_PASSWORD);
        mailbox.awaitNewest(address, 1);

        Browser browser = new Browser();
        var login = passwordLogin(browser, address, OWNER_PASSWORD);
        assertThat(Browser.location(login)).endsWith("?unverified");
        var console = browser.get(server.issuer("portal") + "/account");
        assertThat(Browser.location(console)).as("no session: back to the login page").endsWith("/realms/portal/login");
        var enrol = postWithCsrf(browser, server.issuer("portal") + "/login", server.issuer("portal") + "/account/totp",
                Map.of());
        assertThat(enrol.statusCode()).as("no factor enrolment either").isNotEqualTo(200);
        assertThat(count("SELECT count(*) FROM mfa_totp_pending WHERE account_id IN "
                + "(SELECT id FROM account WHERE email_normalized = ?)", address)).isZero();
    }

    @Test
    void aResetLinkVerifiesAnUnverifiedAccountWithTheNewPasswordAndRemovesWhatTheRegistrantLeft() {
        String address = unique("reset");
        register(new Browser(), address, "Mallory Squatter", ATTACKER_PASSWORD);
        String attackersLink = mailbox.awaitNewest(address, 1).link("/verify-email?token=");
        String accountId = db.sql("SELECT id FROM account WHERE email_normalized = ?").param(address)
                .query(String.class).single();
        // What an earlier holder could have left if any path let them set it up: it must not survive.
        Timestamp now = Timestamp.from(Instant.now());
        db.sql("INSERT INTO known_device (realm, account_id, device_id, first_seen, last_seen) VALUES (?,?,?,?,?)")
                .params("portal", accountId, "attackers-browser", now, now).update();
        db.sql("INSERT INTO mfa_recovery_code (id, realm, account_id, lookup, code_hash, created_at) "
                        + "VALUES (?,?,?,?,?,?)")
                .params(UUID.randomUUID().toString(), "portal", accountId, "abcd", "pbkdf2-sha256$1$c2FsdA$aGFzaA", now)
                .update();

        Browser owner = new Browser();
        postWithCsrf(owner, server.issuer("portal") + "/forgot", server.issuer("portal") + "/forgot",
                Map.of("email", address));
        String link = mailbox.awaitNewest(address, 2).link("/reset?token=");
        var choose = owner.get(link);
        assertThat(choose.statusCode()).isEqualTo(200);
        var done = owner.postForm(server.issuer("portal") + "/reset", Map.of("token", Browser.queryParams(link)
                .get("token"), "password", OWNER_PASSWORD, "_csrf", Browser.csrfToken(choose.body())));
        assertThat(Browser.location(done)).endsWith("/reset/done");

        assertThat(canSignIn(address, OWNER_PASSWORD)).as("the reset proved the mailbox").isTrue();
        assertThat(canSignIn(address, ATTACKER_PASSWORD)).isFalse();
        assertThat(postLink(attackersLink).statusCode()).as("the registrant's link ended").isEqualTo(410);
        assertThat(canSignIn(address, ATTACKER_PASSWORD)).isFalse();
        assertThat(count("SELECT count(*) FROM known_device WHERE account_id = ?", accountId)).isZero();
        assertThat(count("SELECT count(*) FROM mfa_recovery_code WHERE account_id = ?", accountId)).isZero();

        var page = signInToConsole(address, OWNER_PASSWORD);
        assertThat(page.uri().getPath()).isEqualTo("/realms/portal/account");
        assertThat(page.body()).as("the registrant's name is gone too").doesNotContain("Mallory Squatter");
    }

    @Test
    void anEmailChangeProvenAfterSomeoneRegisteredTheAddressMeanwhileWinsAndTheRegistrationIsGone() {
        String address = unique("moving");
        Browser erin = signedInToConsole(newVerifiedAccount("erin"), OWNER_PASSWORD);
        var requested = postWithCsrf(erin, server.issuer("portal") + "/account",
                server.issuer("portal") + "/account/email", Map.of("newEmail", address));
        assertThat(requested.statusCode()).isEqualTo(303);
        var changeMail = mailbox.awaitNewest(address, 1);

        register(new Browser(), address, "Mallory Squatter", ATTACKER_PASSWORD);
        String squattersLink = mailbox.awaitNewest(address, 2).link("/verify-email?token=");

        var verify = postWithCsrf(erin, server.issuer("portal") + "/account",
                server.issuer("portal") + "/account/email/verify", Map.of("code", changeMail.code()));
        assertThat(verify.statusCode()).isEqualTo(303);
        assertThat(erin.get(server.issuer("portal") + "/account").body()).as("moved").contains(address);
        assertThat(count("SELECT count(*) FROM account WHERE email_normalized = ?", address)).isEqualTo(1);
        assertThat(canSignIn(address, OWNER_PASSWORD)).isTrue();
        assertThat(postLink(squattersLink).statusCode()).as("the registration is gone").isEqualTo(410);
        assertThat(canSignIn(address, ATTACKER_PASSWORD)).isFalse();
        assertThat(canSignIn(address, OWNER_PASSWORD)).isTrue();
    }

    @Test
    void anUnverifiedRegistrationDoesNotBlockTheOwnerFromMovingHerAccountToTheAddress() {
        String address = unique("squatted");
        register(new Browser(), address, "Mallory Squatter", ATTACKER_PASSWORD);
        mailbox.awaitNewest(address, 1);

        Browser frank = signedInToConsole(newVerifiedAccount("frank"), OWNER_PASSWORD);
        postWithCsrf(frank, server.issuer("portal") + "/account", server.issuer("portal") + "/account/email",
                Map.of("newEmail", address));
        var changeMail = mailbox.awaitNewest(address, 2);
        assertThat(changeMail.code()).as("a code to prove the address, not 'address in use'").isNotBlank();
        postWithCsrf(frank, server.issuer("portal") + "/account", server.issuer("portal") + "/account/email/verify",
                Map.of("code", changeMail.code()));
        assertThat(frank.get(server.issuer("portal") + "/account").body()).contains(address);
        assertThat(canSignIn(address, OWNER_PASSWORD)).isTrue();
        assertThat(canSignIn(address, ATTACKER_PASSWORD)).isFalse();
    }

    @Test
    void twoAccountsAskingForTheSameNewAddressCannotBothHaveIt() {
        String address = unique("shared");
        Browser carol = signedInToConsole("carol@example.org", "Correct-Horse-Battery-42");
        Browser dave = signedInToConsole("dave@example.org", "Correct-Horse-Battery-42");
        postWithCsrf(carol, server.issuer("portal") + "/account", server.issuer("portal") + "/account/email",
                Map.of("newEmail", address));
        String carolsCode = mailbox.awaitNewest(address, 1).code();
        postWithCsrf(dave, server.issuer("portal") + "/account", server.issuer("portal") + "/account/email",
                Map.of("newEmail", address));
        String davesCode = mailbox.awaitNewest(address, 2).code();

        postWithCsrf(dave, server.issuer("portal") + "/account", server.issuer("portal") + "/account/email/verify",
                Map.of("code", davesCode));
        var late = postWithCsrf(carol, server.issuer("portal") + "/account",
                server.issuer("portal") + "/account/email/verify", Map.of("code", carolsCode));
        assertThat(late.statusCode()).isEqualTo(303);
        assertThat(carol.get(server.issuer("portal") + "/account").body()).contains("carol@example.org");
        assertThat(count("SELECT count(*) FROM account WHERE email_normalized = ?", address)).isEqualTo(1);
        assertThat(canSignIn("carol@example.org", "Correct-Horse-Battery-42")).isTrue();
        assertThat(canSignIn(address, "Correct-Horse-Battery-42")).as("Dave's, who proved it first").isTrue();
    }

    /** A fresh account that registered and proved its address, with {@link #OWNER_PASSWORD}. */
    static String newVerifiedAccount(String prefix) {
        String address = unique(prefix);
        Browser browser = new Browser();
        register(browser, address, "Someone Else", OWNER_PASSWORD);
        assertThat(Browser.location(enterRegistrationCode(browser, mailbox.awaitNewest(address, 1).code())))
                .endsWith("/register/verified");
        return address;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    static void register(Browser browser, String email, String name, String password) {
        var form = browser.get(server.issuer("portal") + "/register");
        assertThat(form.statusCode()).isEqualTo(200);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("email", email);
        fields.put("name", name);
        fields.put("locale", "en");
        fields.put("password", password);
        fields.put("_csrf", Browser.csrfToken(form.body()));
        var posted = browser.postForm(server.issuer("portal") + "/register", fields);
        assertThat(Browser.location(posted)).endsWith("/register/check-email");
    }

    static HttpResponse<String> enterRegistrationCode(Browser browser, String code) {
        return postWithCsrf(browser, server.issuer("portal") + "/register/check-email",
                server.issuer("portal") + "/register/verify", Map.of("code", code));
    }

    /** Opens a verification link and presses its button, as the mail's reader would. */
    static HttpResponse<String> postLink(String link) {
        Browser browser = new Browser();
        var page = browser.get(link);
        String csrf = page.statusCode() == 200 ? Browser.csrfToken(page.body())
                : Browser.csrfToken(browser.get(server.issuer("portal") + "/login").body());
        return browser.postForm(server.issuer("portal") + "/verify-email",
                Map.of("token", Browser.queryParams(link).get("token"), "_csrf", csrf));
    }

    static HttpResponse<String> postWithCsrf(Browser browser, String pageUrl, String postUrl, Map<String, String> form) {
        var page = browser.get(pageUrl);
        Map<String, String> fields = new LinkedHashMap<>(form);
        fields.put("_csrf", Browser.csrfToken(page.body()));
        return browser.postForm(postUrl, fields);
    }

    static HttpResponse<String> passwordLogin(Browser browser, String email, String password) {
        return postWithCsrf(browser, server.issuer("portal") + "/login", server.issuer("portal") + "/login",
                Map.of("email", email, "password", password));
    }

    /** Signs in the way a person opening the console does: ask for the page, log in, land back on it. */
    static HttpResponse<String> signInToConsole(String email, String password) {
        Browser browser = new Browser();
        browser.get(server.issuer("portal") + "/account");
        return passwordLogin(browser, email, password);
    }

    static Browser signedInToConsole(String email, String password) {
        Browser browser = new Browser();
        browser.get(server.issuer("portal") + "/account");
        var page = passwordLogin(browser, email, password);
        assertThat(page.uri().getPath()).isEqualTo("/realms/portal/account");
        return browser;
    }

    static boolean canSignIn(String email, String password) {
        return !Browser.location(passwordLogin(new Browser(), email, password)).contains("?");
    }

    static long count(String sql, String param) {
        return db.sql(sql).param(param).query(Long.class).single();
    }
}
