package nl.toegang.web;

import nl.toegang.pages.StaleFormHandler;
import nl.toegang.mfa.totp.Base32;
import nl.toegang.mfa.totp.Totp;
import nl.toegang.mfa.totp.TotpParameters;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every state-changing form (and the JSON calls of the passkey script) refuses a POST without its CSRF token and with
 * a wrong one: the browser is sent back to the page with {@code ?expired} ({@link StaleFormHandler}), never a 500,
 * and nothing changed: every table of the database (accounts, mail outbox, MFA, tokens, audit trail) reads the same
 * before and after, and the browser's sessions are still signed in. Each POST is made from a browser that could make
 * it for real (signed in, or in the middle of the login it belongs to), so only the token is missing.
 *
 * <p>{@link #everyPostFormInTheTemplatesIsCoveredHere()} reads the templates: a new POST form fails the build until it
 * is added here (or to {@link #EXEMPT} with the reason it needs no token).
 */
class CsrfOnEveryFormTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String SECRET = "csrf-every-form-secret-0123456789abcdef";
    static final String REDIRECT = "https://rp.example.test/cb";
    static final String ALICE = "alice@example.org";
    static final String BOSS = "boss@example.org";
    static final String WRONG_TOKEN = "bm90LXRoZS10b2tlbi1vZi10aGlzLXNlc3Npb24";
    static final Totp TOTP = new Totp(TotpParameters.DEFAULT);
    static final Pattern KEY = Pattern.compile("id=\"totp-key\">([A-Z2-7 ]+)<");
    static final Pattern SID = Pattern.compile("name=\"sid\"\\s+value=\"([^\"]+)\"");

    /** Template form actions (as written in th:action, without parameters) each test below posts to. */
    static final Set<String> COVERED = Set.of(
            // anonymous: login, registration, verification, reset, DigiD outcome
            "/realms/{r}/login", "/realms/{r}/register", "/realms/{r}/register/verify", "/realms/{r}/register/resend",
            "/realms/{r}/verify-email", "/realms/{r}/forgot", "/realms/{r}/reset", "/realms/{r}/saml/return",
            "/realms/{r}/upstream/{u}/return", "/realms/{r}/upstream/link/sign-in", "/realms/{r}/upstream/link/skip",
            // the login's second step
            "/realms/{r}/login/second-factor", "/realms/{r}/login/recovery-code", "${confirmAction}",
            // the account console
            "/realms/{r}/account/profile", "/realms/{r}/account/email/verify", "/realms/{r}/account/email",
            "/realms/{r}/account/password", "/realms/{r}/account/totp/remove", "/realms/{r}/account/totp",
            "/realms/{r}/account/recovery-codes", "/realms/{r}/account/passkeys/{id}/rename",
            "/realms/{r}/account/passkeys/{id}/delete", "/realms/{r}/account/apps/{c}/revoke",
            "/realms/{r}/account/sessions/end", "/realms/{r}/account/sessions/end-others",
            "/realms/{r}/account/sessions/end-all", "/realms/{r}/account/links/{u}/link", "/realms/{r}/logout",
            // staff
            "/realms/admin/support/realms/{r}/users/{id}/{a}",
            // the development-only mock DigiD and mock eIDAS node
            "/mock-digid/logout", "/mock-digid/sso", "/mock-eidas/answer");

    /** POST forms that carry no CSRF token by design, and why. */
    static final Map<String, String> EXEMPT = Map.of(
            "${ssoUrl}", "auto-submitted SAML AuthnRequest to DigiD or an upstream SAML IdP (POST binding): a"
                    + " cross-site POST by design",
            "${acsUrl}", "our own page posting an upstream SAML IdP's answer once more to our ACS (same-site, so the"
                    + " session cookie comes along); the ACS takes no token (CSRF is off for it in"
                    + " WebSecurityConfiguration): RelayState and InResponseTo bind the answer to this browser's"
                    + " login, see SamlUpstreamInteropTest",
            "${sloUrl}", "auto-submitted SAML LogoutRequest/Response to DigiD or an upstream SAML IdP (POST"
                    + " binding): cross-site by design",
            "${sloBounceUrl}", "our own page posting an upstream SAML IdP's single logout message once more to our"
                    + " SLO endpoint (same-site, so the session cookie comes along); that endpoint takes no token"
                    + " (CSRF is off for it in WebSecurityConfiguration): the signature, and for an answer RelayState"
                    + " and InResponseTo, bind it; see SamlUpstreamLogoutTest",
            "${spSloUrl}", "the mock IdP's auto-submitted LogoutResponse to our SLO endpoint, which checks the "
                    + "signature instead (CSRF is off for it in WebSecurityConfiguration)",
            "${spAcsUrl}", "the mock eIDAS node's auto-submitted SAMLResponse to an upstream ACS (HTTP-POST binding):"
                    + " cross-site by design; bound by RelayState and InResponseTo to the browser's login");

    @TempDir
    static Path temp;
    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Portaal
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
                    issuer: http://127.0.0.1:9/partner
                    clientId: toegang
                    clientSecret: partner-secret-for-tests-0123456789abcdef
                users:
                  - email: %3$s
                    password: %4$s
                    name: Alice Example
                    emailVerified: true
                """.formatted(SECRET, REDIRECT, ALICE, PASSWORD));
        Files.writeString(realms.resolve("admin.yaml"), """
                name: admin
                displayName: Beheer
                settings:
                  registrationEnabled: false
                  mfa: required
                users:
                  - email: %1$s
                    password: %2$s
                    name: Boss
                    emailVerified: true
                    roles: [admin]
                """.formatted(BOSS, PASSWORD));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    // ---------------------------------------------------------------- the guard

    @Test
    void everyPostFormInTheTemplatesIsCoveredHere() throws IOException {
        Set<String> found = postFormActions(Path.of("src/main/resources/templates"));
        assertThat(found).as("the scan finds the forms").contains("/realms/{r}/login", "/realms/{r}/logout");

        Set<String> uncovered = new TreeSet<>(found);
        uncovered.removeAll(COVERED);
        uncovered.removeAll(EXEMPT.keySet());
        assertThat(uncovered).as("POST forms without a CSRF test in CsrfOnEveryFormTest").isEmpty();
    }

    private static final Pattern FORM = Pattern.compile("<form\\b[^>]*>", Pattern.DOTALL);
    private static final Pattern POST = Pattern.compile("\\bmethod=\"post\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern TH_ACTION = Pattern.compile("\\bth:action=\"([^\"]*)\"");
    private static final Pattern ATTR_ACTION = Pattern.compile("\\bth:attr=\"[^\"]*\\baction=([^\",]*)");
    private static final Pattern ACTION = Pattern.compile("\\saction=\"([^\"]*)\"");

    /** Every POST form's action in the page templates, in the form written there without its URL parameters. */
    static Set<String> postFormActions(Path templates) throws IOException {
        Set<String> actions = new TreeSet<>();
        try (Stream<Path> files = Files.walk(templates)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                Matcher form = FORM.matcher(Files.readString(file));
                while (form.find()) {
                    String tag = form.group();
                    if (POST.matcher(tag).find()) {
                        actions.add(action(tag, templates.relativize(file)));
                    }
                }
            }
        }
        return actions;
    }

    private static String action(String tag, Path file) {
        Matcher th = TH_ACTION.matcher(tag);
        if (th.find()) {
            String url = th.group(1);
            if (url.startsWith("@{") && url.endsWith("}")) {
                url = url.substring(2, url.length() - 1);
            }
            int parameters = url.startsWith("${") ? -1 : url.indexOf('(');
            return parameters < 0 ? url : url.substring(0, parameters);
        }
        Matcher attr = ATTR_ACTION.matcher(tag);
        if (attr.find()) {
            return attr.group(1);
        }
        Matcher plain = ACTION.matcher(tag);
        return plain.find() ? plain.group(1) : "(no action in " + file + ")";
    }

    // ---------------------------------------------------------------- forms for anyone

    @Test
    void anonymousFormsRefuseAMissingOrWrongTokenAndChangeNothing() {
        var browser = new Browser();
        assertThat(browser.get(server.issuer("portal") + "/login").statusCode()).isEqualTo(200); // has a session
        Map<String, Map<String, String>> forms = new LinkedHashMap<>();
        forms.put("/login", Map.of("email", ALICE, "password", PASSWORD));
        forms.put("/register", Map.of("name", "Mallory", "email", "mallory@example.org",
                "password", "Another-Horse-Battery-43", "consent", "true"));
        forms.put("/register/verify", Map.of("code", "123456"));
        forms.put("/register/resend", Map.of());
        forms.put("/verify-email", Map.of("token", "some-link-token-0123456789"));
        forms.put("/forgot", Map.of("email", ALICE));
        forms.put("/reset", Map.of("token", "some-reset-token-0123456789", "newPassword", "Another-Horse-Battery-43"));
        forms.put("/saml/return", Map.of());
        forms.put("/upstream/partner/return", Map.of());
        forms.put("/upstream/link/sign-in", Map.of("offer", "an-offer-value"));
        forms.put("/upstream/link/skip", Map.of("offer", "an-offer-value"));

        String before = database();
        forms.forEach((path, fields) -> assertRefused(browser, "portal", path, fields));
        assertThat(database()).as("no account, mail, token or audit event").isEqualTo(before);
        assertThat(browser.get(server.issuer("portal") + "/account").statusCode())
                .as("the forged login signed nobody in").isEqualTo(302);
    }

    @Test
    void withoutAnyCookieTheRefusalFirstChecksThatCookiesWork() {
        var response = new Browser().postForm(server.issuer("portal") + "/login",
                Map.of("email", ALICE, "password", PASSWORD));
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(Browser.location(response)).contains("/realms/portal/cookies-check?page=");
    }

    // ---------------------------------------------------------------- the account console

    @Test
    void accountFormsRefuseAMissingOrWrongTokenAndChangeNothing() {
        // Signed in through a client, so there is a connected app to revoke; a second device to sign out.
        var browser = new Browser();
        var rp = new OidcTestClient(server.issuer("portal"), "rp", SECRET, REDIRECT);
        var pkce = OidcTestClient.Pkce.create();
        var code = rp.loginAndAuthorize(browser, rp.authorizationParams(pkce, "s", "n"), ALICE, PASSWORD).get("code");
        assertThat(rp.redeemCode(code, pkce.verifier()).statusCode()).isEqualTo(200);
        var phone = signedIn("portal", ALICE);
        var page = browser.get(account());
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher sid = SID.matcher(page.body());
        assertThat(sid.find()).as("the other device is listed").isTrue();

        Map<String, Map<String, String>> forms = new LinkedHashMap<>();
        forms.put("/account/profile", Map.of("name", "Mallory's Puppet"));
        forms.put("/account/email", Map.of("email", "mallory@example.org", "currentPassword", PASSWORD));
        forms.put("/account/email/verify", Map.of("code", "123456"));
        forms.put("/account/password", Map.of("currentPassword", PASSWORD,
                "newPassword", "Another-Horse-Battery-43"));
        forms.put("/account/totp", Map.of());
        forms.put("/account/totp/confirm", Map.of("code", "123456"));
        forms.put("/account/totp/remove", Map.of("confirmed", "yes"));
        forms.put("/account/recovery-codes", Map.of());
        forms.put("/account/passkeys/00000000-0000-0000-0000-000000000000/rename", Map.of("name", "mallory"));
        forms.put("/account/passkeys/00000000-0000-0000-0000-000000000000/delete", Map.of("confirmed", "yes"));
        forms.put("/account/apps/rp/revoke", Map.of());
        forms.put("/account/sessions/end", Map.of("sid", sid.group(1)));
        forms.put("/account/sessions/end-others", Map.of());
        forms.put("/account/sessions/end-all", Map.of("confirmed", "yes"));
        forms.put("/account/links/partner/remove", Map.of("confirmed", "yes"));
        forms.put("/account/links/partner/link", Map.of());
        forms.put("/logout", Map.of());
        List<String> json = List.of("/account/passkeys/register/options", "/account/passkeys/register",
                "/passkeys/login/options", "/passkeys/login", "/passkeys/second-factor/options",
                "/passkeys/second-factor");

        String before = database();
        forms.forEach((path, fields) -> assertRefused(browser, "portal", path, fields));
        json.forEach(path -> assertJsonRefused(browser, "portal", path));
        assertThat(database()).as("name, email, password, MFA, apps and audit trail unchanged").isEqualTo(before);

        assertThat(browser.get(account()).statusCode()).as("still signed in here").isEqualTo(200);
        assertThat(phone.get(account()).statusCode()).as("and on the other device").isEqualTo(200);
        var after = browser.get(account() + "?lang=en");
        assertThat(after.body()).contains("Alice Example").doesNotContain("Mallory");

        // The comparison can fail: the same profile POST with the page's token changes the database.
        before = database();
        var real = browser.postForm(account() + "/profile", Map.of("name", "Alice Changed",
                "_csrf", Browser.csrfToken(after.body())));
        assertThat(real.statusCode()).isEqualTo(303);
        assertThat(database()).isNotEqualTo(before);
    }

    // ---------------------------------------------------------------- staff and the second factor

    @Test
    void secondFactorAndSupportFormsRefuseAMissingOrWrongTokenAndChangeNothing() {
        // First login of staff in a realm that requires MFA: enrolment of an authenticator app is the next step.
        var boss = new Browser();
        assertThat(Browser.location(password(boss, "admin", BOSS))).endsWith("/login/enrol");
        var enrol = boss.get(server.issuer("admin") + "/login/enrol");
        Matcher key = KEY.matcher(enrol.body());
        assertThat(key.find()).isTrue();
        byte[] secret = Base32.decode(key.group(1).replace(" ", ""));

        String before = database();
        assertRefused(boss, "admin", "/login/enrol", Map.of("code", TOTP.code(secret, TOTP.timeStep(Instant.now()))));
        assertThat(database()).as("no authenticator enrolled").isEqualTo(before);

        var enrolled = boss.postForm(server.issuer("admin") + "/login/enrol", Map.of(
                "code", TOTP.code(secret, TOTP.timeStep(Instant.now())), "_csrf", Browser.csrfToken(enrol.body())));
        assertThat(enrolled.statusCode()).as("the real enrolment works").isEqualTo(200);

        String accountId = server.bean(JdbcClient.class).sql("SELECT id FROM account WHERE realm = ? AND email = ?")
                .param("portal").param(ALICE).query(String.class).single();
        String supportPage = "/support/realms/portal/users/" + accountId;
        assertThat(boss.get(server.issuer("admin") + supportPage).statusCode()).isEqualTo(200);
        before = database();
        for (String action : List.of("unlock", "send-password-reset", "end-sessions", "reset-mfa")) {
            assertRefused(boss, "admin", supportPage + "/" + action, Map.of("reason", "forged request"));
        }
        assertThat(database()).as("no mail, no audit event, nothing reset").isEqualTo(before);

        // A second login of the same staff member now asks for the code (or a recovery code).
        var second = new Browser();
        assertThat(Browser.location(password(second, "admin", BOSS))).endsWith("/login/second-factor");
        assertThat(second.get(server.issuer("admin") + "/login/second-factor").statusCode()).isEqualTo(200);
        before = database();
        assertRefused(second, "admin", "/login/second-factor",
                Map.of("code", TOTP.code(secret, TOTP.timeStep(Instant.now()))));
        assertRefused(second, "admin", "/login/recovery-code", Map.of("code", "ABCDE-FGHIJ"));
        assertThat(database()).as("no failed or passed second factor recorded").isEqualTo(before);
        assertThat(second.get(server.issuer("admin") + "/support").statusCode()).as("not signed in")
                .isNotEqualTo(200);
    }

    @Test
    void mockDigidFormsRefuseAMissingOrWrongTokenWithoutAServerError() {
        // Outside a realm there is no page to go back to: a plain 403.
        var browser = new Browser();
        browser.get(server.issuer("portal") + "/login");
        for (String path : List.of("/mock-digid/logout", "/mock-digid/sso", "/mock-eidas/answer")) {
            for (Map<String, String> token : List.of(Map.<String, String>of(), Map.of("_csrf", WRONG_TOKEN))) {
                Map<String, String> form = new LinkedHashMap<>(token);
                form.put("token", "t");
                var response = browser.postForm(server.baseUrl() + path, form);
                assertThat(response.statusCode()).as(path).isEqualTo(403);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    static String account() {
        return server.issuer("portal") + "/account";
    }

    static HttpResponse<String> password(Browser browser, String realm, String email) {
        String login = server.issuer(realm) + "/login";
        var page = browser.get(login);
        var posted = browser.postForm(login, Map.of("email", email, "password", PASSWORD,
                "_csrf", Browser.csrfToken(page.body())));
        assertThat(posted.statusCode()).isEqualTo(303);
        return posted;
    }

    static Browser signedIn(String realm, String email) {
        var browser = new Browser();
        password(browser, realm, email);
        assertThat(browser.get(server.issuer(realm) + "/account").statusCode()).isEqualTo(200);
        return browser;
    }

    /** Without a token and with a wrong one: back to the same page with ?expired, never a 500. */
    static void assertRefused(Browser browser, String realm, String path, Map<String, String> fields) {
        String url = server.issuer(realm) + path;
        for (boolean withWrongToken : List.of(false, true)) {
            Map<String, String> form = new LinkedHashMap<>(fields);
            if (withWrongToken) {
                form.put("_csrf", WRONG_TOKEN);
            }
            var response = browser.postForm(url, form);
            assertThat(response.statusCode()).as("%s %s", path, withWrongToken ? "wrong token" : "no token")
                    .isEqualTo(303);
            assertThat(Browser.location(response)).as(path)
                    .isEqualTo("/realms/" + realm + path + "?expired");
        }
    }

    /** The passkey script's calls send the token in a header; without it or with a wrong one, the same refusal. */
    static void assertJsonRefused(Browser browser, String realm, String path) {
        String url = server.issuer(realm) + path;
        for (boolean withWrongToken : List.of(false, true)) {
            var request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
            if (withWrongToken) {
                request.header("X-CSRF-TOKEN", WRONG_TOKEN);
            }
            var response = browser.send(request.POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            assertThat(response.statusCode()).as(path).isEqualTo(303);
            assertThat(Browser.location(response)).as(path).endsWith(path + "?expired");
        }
    }

    /**
     * Every row of every table except those that change without a person doing anything (signing keys and their
     * lock, replay caches) and Flyway's history: a refused POST must leave all of it as it was.
     */
    private static final Set<String> DELIVERY_STATE = Set.of("ATTEMPTS", "NEXT_ATTEMPT_AT", "LAST_ERROR",
            "CLAIMED_BY", "CLAIMED_UNTIL", "SENT_AT", "ABANDONED_AT", "DELIVERED_AT", "BODY_TEXT", "BODY_HTML");

    static String database() {
        JdbcClient jdbc = server.bean(JdbcClient.class);
        List<String> tables = jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'PUBLIC'"
                        + " AND table_type = 'BASE TABLE'").query(String.class).list().stream()
                .filter(t -> !Set.of("FLYWAY_SCHEMA_HISTORY", "SIGNING_KEY", "REALM_KEY_LOCK", "DPOP_PROOF_JTI",
                        "CLIENT_ASSERTION_JTI").contains(t.toUpperCase()))
                .sorted().toList();
        assertThat(tables).as("the tables are found").contains("ACCOUNT");
        StringBuilder all = new StringBuilder();
        for (String table : tables) {
            List<String> rows = new ArrayList<>(jdbc.sql("SELECT * FROM " + table).query((rs, n) -> {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    String column = rs.getMetaData().getColumnName(i).toUpperCase();
                    // The outboxes deliver in the background: their delivery state changes by itself (a sent mail
                    // also loses its body). A new row still shows.
                    if (table.toUpperCase().endsWith("_OUTBOX") && DELIVERY_STATE.contains(column)) {
                        continue;
                    }
                    row.append(column).append('=').append(rs.getString(i)).append(' ');
                }
                return row.toString();
            }).list());
            rows.sort(null);
            all.append(table).append('\n');
            rows.forEach(r -> all.append("  ").append(r).append('\n'));
        }
        return all.toString();
    }
}
