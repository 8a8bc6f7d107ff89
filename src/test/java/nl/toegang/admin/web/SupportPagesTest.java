package nl.toegang.admin.web;

import nl.toegang.account.AccountRepository;
import nl.toegang.audit.AuditEvent;
import nl.toegang.audit.AuditQuery;
import nl.toegang.mfa.totp.Base32;
import nl.toegang.mfa.totp.Totp;
import nl.toegang.mfa.totp.TotpParameters;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The support pages over HTTP, as staff use them: sign in to realm admin with password and authenticator app,
 * find a locked-out person, unlock with a reason, and the person can sign in again; the reason is in the trail.
 * Also who may not: no staff role (403), the support role for an admin-only action (403), no CSRF token, a
 * session of another realm, and no session at all.
 */
class SupportPagesTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String ADMIN_SECRET = "admin-secret-for-tests-0123456789abcdef";
    static final String SUPPORT_SECRET = "support-secret-for-tests-0123456789abc";
    static final Totp TOTP = new Totp(TotpParameters.DEFAULT);
    static final Pattern KEY = Pattern.compile("id=\"totp-key\">([A-Z2-7 ]+)<");
    static final Map<String, String> ENGLISH = Map.of("Accept", "text/html", "Accept-Language", "en");

    @TempDir
    static Path temp;
    static TestServer server;
    /** Authenticator keys of staff who enrolled in an earlier test: their next login asks for a code. */
    static final Map<String, byte[]> SECRETS = new java.util.concurrent.ConcurrentHashMap<>();
    static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));

    @BeforeAll
    static void start() throws IOException {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("admin.yaml"), """
                name: admin
                displayName: Beheer
                settings:
                  registrationEnabled: false
                  mfa: required
                users:
                  - email: helpdesk@example.org
                    password: %1$s
                    name: Helpdesk
                    emailVerified: true
                    roles: [support]
                  - email: boss@example.org
                    password: %1$s
                    name: Boss
                    emailVerified: true
                    roles: [admin]
                  - email: visitor@example.org
                    password: %1$s
                    name: Visitor without a role
                    emailVerified: true
                  - email: trainee@example.org
                    password: %1$s
                    name: Trainee, roles given through the API
                    emailVerified: true
                clients:
                  - clientId: ops
                    type: confidential
                    secret: %2$s
                    grantTypes: [client_credentials]
                    roles: [admin]
                  - clientId: helpdesk-tool
                    type: confidential
                    secret: %3$s
                    grantTypes: [client_credentials]
                    roles: [support]
                """.formatted(PASSWORD, ADMIN_SECRET, SUPPORT_SECRET));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Portaal
                settings:
                  lockout:
                    freeFailures: 1
                    maxDelay: 1s
                    failuresPerLockout: 3
                    lockoutWaits: [1h]
                    ipFailuresPerWindow: 1000
                    ipAccountsPerWindow: 1000
                users:
                  - email: locked@example.org
                    password: %1$s
                    name: Locked Out
                    emailVerified: true
                  - email: other@example.org
                    password: %1$s
                    name: Other Person
                    emailVerified: true
                """.formatted(PASSWORD));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).withClock(clock).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** Password, then the authenticator app enrolled at first login (realm admin requires it): a signed-in browser. */
    static Browser staff(String email) {
        Browser browser = new Browser();
        String admin = server.issuer("admin");
        var first = browser.get(admin + "/support");
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(Browser.location(first)).endsWith("/realms/admin/login");
        var afterPassword = password(browser, "admin", email, PASSWORD);
        byte[] known = SECRETS.get(email);
        if (known != null) {
            assertThat(Browser.location(afterPassword)).as("MFA required").endsWith("/login/second-factor");
            var step = browser.get(admin + "/login/second-factor");
            var done = browser.postForm(admin + "/login/second-factor", Map.of(
                    "code", TOTP.code(known, TOTP.timeStep(clock.instant())), "_csrf", Browser.csrfToken(step.body())));
            assertThat(done.statusCode()).isEqualTo(303);
            assertThat(Browser.location(done)).as("back to the support page").contains("/realms/admin/support");
            clock.advance(Duration.ofSeconds(30));
            return browser;
        }
        assertThat(Browser.location(afterPassword)).as("MFA required: enrol first").endsWith("/login/enrol");
        var enrol = browser.get(admin + "/login/enrol");
        Matcher key = KEY.matcher(enrol.body());
        assertThat(key.find()).isTrue();
        byte[] secret = Base32.decode(key.group(1).replace(" ", ""));
        var enrolled = browser.postForm(admin + "/login/enrol", Map.of(
                "code", TOTP.code(secret, TOTP.timeStep(clock.instant())), "_csrf", Browser.csrfToken(enrol.body())));
        assertThat(enrolled.statusCode()).isEqualTo(200);
        SECRETS.put(email, secret);
        clock.advance(Duration.ofSeconds(30));
        return browser;
    }

    static HttpResponse<String> password(Browser browser, String realm, String email, String password) {
        String login = server.issuer(realm) + "/login";
        var page = browser.get(login);
        return browser.postForm(login, Map.of("email", email, "password", password,
                "_csrf", Browser.csrfToken(page.body())));
    }

    static String accountId(String realm, String email) {
        return server.bean(AccountRepository.class).findByEmail(realm, email).orElseThrow().id();
    }

    static HttpResponse<String> act(Browser browser, String pageUrl, String action, String reason) {
        var page = browser.get(pageUrl, ENGLISH);
        assertThat(page.statusCode()).as("%s: %s", pageUrl, page.body()).isEqualTo(200);
        Map<String, String> form = new HashMap<>();
        form.put("_csrf", Browser.csrfToken(page.body()));
        form.put("reason", reason);
        return browser.postForm(pageUrl + "/" + action, form);
    }

    @Test
    void supportUnlocksALockedOutPersonWhoCanThenSignInAndTheReasonIsAudited() {
        for (int i = 0; i < 3; i++) {
            assertThat(Browser.location(password(new Browser(), "portal", "locked@example.org", "wrong-password-x")))
                    .as("the third failure locks and says so").endsWith(i < 2 ? "?error" : "?locked");
            clock.advance(Duration.ofSeconds(2)); // past the growing delay, not past the lockout
        }
        assertThat(Browser.location(password(new Browser(), "portal", "locked@example.org", PASSWORD)))
                .as("locked out, even with the right password").contains("?locked");

        Browser helpdesk = staff("helpdesk@example.org");
        var search = helpdesk.get(server.issuer("admin") + "/support?realm=portal&q=locked%40example", ENGLISH);
        assertThat(search.statusCode()).isEqualTo(200);
        String id = accountId("portal", "locked@example.org");
        String accountPage = server.issuer("admin") + "/support/realms/portal/users/" + id;
        assertThat(search.body()).contains("/realms/admin/support/realms/portal/users/" + id)
                .doesNotContain("other@example.org");

        var view = helpdesk.get(accountPage, ENGLISH);
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(view.body()).contains("Locked (").contains("id=\"do-unlock\"")
                .doesNotContain("id=\"do-reset-mfa\"").doesNotContain("argon2").doesNotContain("$");

        // No reason: nothing happens, the page says why.
        var noReason = act(helpdesk, accountPage, "unlock", "   ");
        assertThat(noReason.statusCode()).isEqualTo(303);
        assertThat(helpdesk.get(accountPage, ENGLISH).body()).contains("id=\"reason-error\"").contains("Locked (");
        // No CSRF token: refused, still locked.
        var forged = helpdesk.postForm(accountPage + "/unlock", Map.of("reason", "forged"));
        assertThat(Browser.location(forged)).endsWith("?expired");
        assertThat(helpdesk.get(accountPage, ENGLISH).body()).contains("Locked (");

        var unlocked = act(helpdesk, accountPage, "unlock", "call 4711, identity checked");
        assertThat(unlocked.statusCode()).isEqualTo(303);
        var after = helpdesk.get(accountPage, ENGLISH);
        assertThat(after.body()).contains("Unlocked.").contains("Not locked").contains("call 4711, identity checked");

        var login = password(new Browser(), "portal", "locked@example.org", PASSWORD);
        assertThat(Browser.location(login)).as("signs in again").doesNotContain("?locked").doesNotContain("?error");

        List<AuditEvent> trail = server.bean(AuditQuery.class).find(new AuditQuery.Filter("portal", Optional.of(id),
                Optional.of("unlock"), Optional.empty(), Optional.empty(), 0, 10));
        assertThat(trail).hasSize(1);
        assertThat(trail.get(0).actor()).contains("staff:" + accountId("admin", "helpdesk@example.org"));
        assertThat(trail.get(0).reason()).contains("call 4711, identity checked");
    }

    @Test
    void supportSeesThatAProviderIsLinkedButNoIdentifierOfIt() {
        String id = accountId("portal", "other@example.org");
        String page = server.issuer("admin") + "/support/realms/portal/users/" + id;
        Browser helpdesk = staff("helpdesk@example.org");
        assertThat(helpdesk.get(page, ENGLISH).body()).contains("id=\"support-linked\">none<");
        // A link as UpstreamLinks keeps it (the linking flow itself is UpstreamLinkingTest's): identity and link rows.
        var jdbc = server.bean(org.springframework.jdbc.core.simple.JdbcClient.class);
        String identity = java.util.UUID.randomUUID().toString();
        jdbc.sql("insert into federated_identity (id, realm, idp_entity_id, subject_hash, created_at, last_login_at)"
                        + " values (?, 'portal', 'https://idp.partner.example', 'hash-of-the-sub', ?, ?)")
                .params(identity, java.sql.Timestamp.from(clock.instant()), java.sql.Timestamp.from(clock.instant()))
                .update();
        jdbc.sql("insert into upstream_link (identity_id, realm, upstream, account_id, linked_at)"
                        + " values (?, 'portal', 'partner', ?, ?)")
                .params(identity, id, java.sql.Timestamp.from(clock.instant())).update();
        var linked = helpdesk.get(page, ENGLISH);
        assertThat(linked.body()).contains("id=\"support-linked\">linked: partner<").doesNotContain(identity)
                .doesNotContain("hash-of-the-sub").doesNotContain("idp.partner.example");
        jdbc.sql("delete from upstream_link where identity_id = ?").param(identity).update();
    }

    @Test
    void withoutAStaffRoleThePagesAnswer403() {
        Browser visitor = staff("visitor@example.org");
        var search = visitor.get(server.issuer("admin") + "/support", ENGLISH);
        assertThat(search.statusCode()).isEqualTo(403);
        assertThat(search.body()).contains("No access");
        String page = server.issuer("admin") + "/support/realms/portal/users/" + accountId("portal", "other@example.org");
        assertThat(visitor.get(page, ENGLISH).statusCode()).isEqualTo(403);
        var csrf = Browser.csrfToken(visitor.get(server.issuer("admin") + "/account", ENGLISH).body());
        var post = visitor.postForm(page + "/end-sessions", Map.of("_csrf", csrf, "reason", "trying"));
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(server.bean(AuditQuery.class).find(new AuditQuery.Filter("portal", Optional.empty(),
                Optional.of("sessions-ended"), Optional.empty(), Optional.empty(), 0, 100)))
                .noneMatch(e -> e.actor().equals(Optional.of("staff:" + accountId("admin", "visitor@example.org"))));
    }

    @Test
    void resettingMfaIsForTheAdminRoleOnly() {
        String page = server.issuer("admin") + "/support/realms/portal/users/" + accountId("portal", "other@example.org");
        Browser helpdesk = staff("helpdesk@example.org");
        assertThat(act(helpdesk, page, "reset-mfa", "lost phone").statusCode()).isEqualTo(403);

        Browser boss = staff("boss@example.org");
        assertThat(boss.get(page, ENGLISH).body()).contains("id=\"do-reset-mfa\"");
        assertThat(act(boss, page, "reset-mfa", "lost phone, ticket 12").statusCode()).isEqualTo(303);
        assertThat(boss.get(page, ENGLISH).body()).contains("lost phone, ticket 12");
        assertThat(act(boss, page, "end-sessions", "asked by owner").statusCode()).isEqualTo(303);
        assertThat(act(boss, page, "send-password-reset", "asked by owner").statusCode()).isEqualTo(303);
        assertThat(act(boss, page, "no-such-action", "x").statusCode()).isEqualTo(404);
        var unknown = boss.postForm(server.issuer("admin") + "/support/realms/portal/users/no-such-id/unlock",
                Map.of("reason", "x", "_csrf", Browser.csrfToken(boss.get(page, ENGLISH).body())));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(boss.get(server.issuer("admin") + "/support?realm=nope&q=x", ENGLISH).statusCode()).isEqualTo(400);
    }

    @Test
    void aSessionOfAnotherRealmOrNoneIsSentToTheAdminLogin() {
        Browser person = new Browser();
        assertThat(Browser.location(password(person, "portal", "other@example.org", PASSWORD)))
                .doesNotContain("?error");
        for (Browser browser : new Browser[]{person, new Browser()}) {
            var answer = browser.get(server.issuer("admin") + "/support");
            assertThat(answer.statusCode()).isEqualTo(302);
            assertThat(Browser.location(answer)).endsWith("/realms/admin/login");
        }
    }

    @Test
    void staffRolesGivenAndTakenThroughTheAdminApiOpenAndCloseThePagesAtOnce() {
        String trainee = accountId("admin", "trainee@example.org");
        String roles = "/admin/realms/admin/users/" + trainee + "/roles";
        String admin = apiToken("ops", ADMIN_SECRET);
        String support = apiToken("helpdesk-tool", SUPPORT_SECRET);
        Browser browser = staff("trainee@example.org");
        assertThat(browser.get(server.issuer("admin") + "/support", ENGLISH).statusCode()).isEqualTo(403);

        assertThat(api("PUT", roles, support, "{\"roles\":[\"support\"],\"reason\":\"x\"}").statusCode())
                .as("support may not hand out roles").isEqualTo(403);
        assertThat(api("PUT", roles, admin, "{\"roles\":[\"support\"]}").statusCode()).as("reason required")
                .isEqualTo(400);
        assertThat(api("PUT", roles, admin, "{\"roles\":[\"root\"],\"reason\":\"x\"}").statusCode())
                .as("unknown role").isEqualTo(400);
        assertThat(api("PUT", roles, admin, "not json").statusCode()).isEqualTo(400);
        assertThat(api("PUT", "/admin/realms/portal/users/" + accountId("portal", "other@example.org") + "/roles",
                admin, "{\"roles\":[\"support\"],\"reason\":\"x\"}").statusCode())
                .as("no staff roles outside realm admin").isEqualTo(404);
        assertThat(api("PUT", "/admin/realms/admin/users/no-such-id/roles", admin,
                "{\"roles\":[\"support\"],\"reason\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(browser.get(server.issuer("admin") + "/support", ENGLISH).statusCode())
                .as("nothing was granted by the refused calls").isEqualTo(403);

        var granted = api("PUT", roles, admin, "{\"roles\":[\"support\"],\"reason\":\"joined the helpdesk, ticket 88\"}");
        assertThat(granted.statusCode()).isEqualTo(200);
        assertThat(browser.get(server.issuer("admin") + "/support", ENGLISH).statusCode())
                .as("the same browser, next request").isEqualTo(200);
        assertThat(api("GET", roles, support, null).statusCode()).as("staff accounts: admin role only").isEqualTo(403);
        var read = api("GET", roles, admin, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(OidcTestClient.json(read.body()).get("roles").toString()).isEqualTo("[\"support\"]");

        clock.advance(Duration.ofSeconds(1)); // the audit list is newest first: two events, two instants
        assertThat(api("PUT", roles, admin, "{\"roles\":[],\"reason\":\"left the team\"}").statusCode())
                .isEqualTo(200);
        assertThat(browser.get(server.issuer("admin") + "/support", ENGLISH).statusCode())
                .as("taken away: stops at once").isEqualTo(403);

        List<AuditEvent> trail = server.bean(AuditQuery.class).find(new AuditQuery.Filter("admin",
                Optional.of(trainee), Optional.of("staff-roles-changed"), Optional.empty(), Optional.empty(), 0, 10));
        assertThat(trail).extracting(e -> e.reason().orElse("")).containsExactly(
                "[support -> ] left the team", "[ -> support] joined the helpdesk, ticket 88");
        assertThat(trail).allMatch(e -> e.actor().equals(Optional.of("client:ops")));
    }

    /** The role table (StaffAction) is the same for the pages and the API: staff accounts are for the admin role. */
    @Test
    void staffAccountsAreForTheAdminRoleOnlyOnThePagesAsInTheApi() {
        String staffPage = server.issuer("admin") + "/support/realms/admin/users/" + accountId("admin", "boss@example.org");
        Browser helpdesk = staff("helpdesk@example.org");
        assertThat(helpdesk.get(server.issuer("admin") + "/support?realm=admin&q=boss", ENGLISH).statusCode())
                .isEqualTo(403);
        assertThat(helpdesk.get(server.issuer("admin") + "/support", ENGLISH).body())
                .doesNotContain("value=\"admin\"");
        assertThat(helpdesk.get(staffPage, ENGLISH).statusCode()).isEqualTo(403);
        assertThat(act(helpdesk, server.issuer("admin") + "/support/realms/portal/users/"
                + accountId("portal", "other@example.org"), "end-sessions", "checking the form works").statusCode())
                .isEqualTo(303);
        var csrf = Browser.csrfToken(helpdesk.get(server.issuer("admin") + "/account", ENGLISH).body());
        assertThat(helpdesk.postForm(staffPage + "/end-sessions", Map.of("_csrf", csrf, "reason", "prank"))
                .statusCode()).isEqualTo(403);
        String support = apiToken("helpdesk-tool", SUPPORT_SECRET);
        assertThat(api("GET", "/admin/realms/admin/users?q=boss", support, null).statusCode()).isEqualTo(403);
        assertThat(api("POST", "/admin/realms/admin/users/" + accountId("admin", "boss@example.org")
                + "/end-sessions", support, "{\"reason\":\"prank\"}").statusCode()).isEqualTo(403);

        Browser boss = staff("boss@example.org");
        var search = boss.get(server.issuer("admin") + "/support?realm=admin&q=helpdesk", ENGLISH);
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(search.body()).contains(accountId("admin", "helpdesk@example.org"));
        assertThat(boss.get(staffPage, ENGLISH).statusCode()).isEqualTo(200);
        assertThat(api("GET", "/admin/realms/admin/users?q=helpdesk", apiToken("ops", ADMIN_SECRET), null).body())
                .contains(accountId("admin", "helpdesk@example.org"));
    }

    private static String apiToken(String client, String secret) {
        return OidcTestClient.json(new OidcTestClient(server.issuer("admin"), client, secret, null)
                .tokenRequest(Map.of("grant_type", "client_credentials")).body()).get("access_token").asString();
    }

    private static HttpResponse<String> api(String method, String path, String token, String body) {
        return new Browser().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }
}
