package nl.toegang.login.secondfactor;

import com.nimbusds.jwt.JWTClaimsSet;
import nl.toegang.mail.dev.DevMail;
import nl.toegang.mail.dev.DevMailbox;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.RealmYaml;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static nl.toegang.mfa.MfaFlows.authorizeAndPassword;
import static nl.toegang.mfa.MfaFlows.code;
import static nl.toegang.mfa.MfaFlows.enrolOnAccountPage;
import static nl.toegang.mfa.MfaFlows.finish;
import static nl.toegang.mfa.MfaFlows.nextStep;
import static nl.toegang.mfa.MfaFlows.password;
import static nl.toegang.mfa.MfaFlows.postFrom;
import static nl.toegang.mfa.MfaFlows.recoveryCodesOf;
import static nl.toegang.mfa.MfaFlows.secretOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TOTP and recovery codes through the real login pages and the OIDC endpoints: enrolment, verification, replay,
 * clock drift, throttling, recovery codes, required enrolment, and the ways around the second step that must fail.
 */
class MfaLoginTest {
    @TempDir
    static Path temp;
    static TestServer server;
    static MutableClock clock;
    static String portal;
    static String secure;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        String users = RealmYaml.verifiedUsers("Correct-Horse-Battery-42",
                List.of("enrol", "replay", "drift", "throttle", "recovery", "bypass", "device", "strict",
                        "replaysession", "stepup", "noapp", "reset", "stale", "locked"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                settings:
                  mfa: optional
                clients:
                  - clientId: rp
                    type: public
                    redirectUris: [https://rp.example.test/cb]
                    scopes: [openid, profile, email]
                  - clientId: strict
                    type: public
                    redirectUris: [https://strict.example.test/cb]
                    scopes: [openid, profile, email]
                    mfa: required
                users:
                """ + users);
        Files.writeString(realms.resolve("secure.yaml"), """
                name: secure
                displayName: Streng
                settings:
                  mfa: required
                clients:
                  - clientId: rp
                    type: public
                    redirectUris: [https://rp.example.test/cb]
                    scopes: [openid, profile, email]
                users:
                  - email: new@example.org
                    password: Correct-Horse-Battery-42
                    name: New
                    emailVerified: true
                  - email: keeper@example.org
                    password: Correct-Horse-Battery-42
                    name: Keeper
                    emailVerified: true
                """);
        clock = new MutableClock(Instant.now());
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).withClock(clock).start();
        portal = server.issuer("portal");
        secure = server.issuer("secure");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static OidcTestClient rp() {
        return new OidcTestClient(portal, "rp", null, "https://rp.example.test/cb");
    }

    private static Map<String, String> params(OidcTestClient client, OidcTestClient.Pkce pkce) {
        return client.authorizationParams(pkce, "state-1", "nonce-1");
    }

    private static String secondFactorUrl() {
        return portal + "/login/second-factor";
    }

    @Test
    void whenTotpIsEnrolledThenLoginAsksForTheCodeAndTheIdTokenSaysMfa() {
        byte[] secret = enrolOnAccountPage(new Browser(), portal, "enrol@example.org", clock);

        Browser browser = new Browser();
        OidcTestClient client = rp();
        var pkce = OidcTestClient.Pkce.create();
        var afterPassword = authorizeAndPassword(browser, client, params(client, pkce), "enrol@example.org");
        assertThat(afterPassword.statusCode()).isEqualTo(303);
        assertThat(Browser.location(afterPassword)).isEqualTo("/realms/portal/login/second-factor");
        // Without the phone: a recovery code (the link opens that field) or the helpdesk, in both languages.
        String english = browser.get(secondFactorUrl() + "?lang=en").body();
        assertThat(english).contains("Lost your phone?", "href=\"#recovery\"", "id=\"recovery\"",
                "The helpdesk can reset your second step after checking who you are.");
        String dutch = browser.get(secondFactorUrl() + "?lang=nl").body();
        assertThat(dutch).contains("Telefoon kwijt?", "href=\"#recovery\"",
                "De helpdesk kan uw tweede stap opnieuw instellen nadat is gecontroleerd wie u bent.");

        var done = postFrom(browser, secondFactorUrl(), secondFactorUrl(), Map.of("code", code(secret, clock, 0)));
        JWTClaimsSet id = finish(browser, client, pkce, done);
        assertThat(id.getClaim("acr")).isEqualTo("urn:toegang:acr:mfa");
        assertThat(id.getClaim("amr")).isEqualTo(List.of("pwd", "otp", "mfa"));
    }

    @Test
    void whenTheSameCodeIsUsedTwiceThenTheSecondUseIsRejected() {
        byte[] secret = enrolOnAccountPage(new Browser(), portal, "replay@example.org", clock);
        String code = code(secret, clock, 0);

        Browser first = new Browser();
        password(first, portal, "replay@example.org");
        var ok = postFrom(first, secondFactorUrl(), secondFactorUrl(), Map.of("code", code));
        assertThat(Browser.location(ok)).doesNotContain("second-factor");

        Browser second = new Browser();
        password(second, portal, "replay@example.org");
        var replayed = postFrom(second, secondFactorUrl(), secondFactorUrl(), Map.of("code", code));
        assertThat(Browser.location(replayed)).isEqualTo(secondFactorUrl().replace(server.baseUrl(), "") + "?error");
        // The previous step's code is older than the used one, so it is refused too.
        var older = postFrom(second, secondFactorUrl(), secondFactorUrl(), Map.of("code", code(secret, clock, -1)));
        assertThat(Browser.location(older)).endsWith("?error");
    }

    @Test
    void whenTheCodeIsOneStepOffThenItIsAcceptedAndTwoStepsOffItIsRejected() {
        byte[] secret = enrolOnAccountPage(new Browser(), portal, "drift@example.org", clock);
        nextStep(clock);
        nextStep(clock);

        Browser browser = new Browser();
        password(browser, portal, "drift@example.org");
        assertThat(Browser.location(postFrom(browser, secondFactorUrl(), secondFactorUrl(),
                Map.of("code", code(secret, clock, -2))))).endsWith("?error");
        assertThat(Browser.location(postFrom(browser, secondFactorUrl(), secondFactorUrl(),
                Map.of("code", code(secret, clock, 2))))).endsWith("?error");
        assertThat(Browser.location(postFrom(browser, secondFactorUrl(), secondFactorUrl(),
                Map.of("code", code(secret, clock, -1))))).doesNotContain("second-factor");

        Browser again = new Browser();
        password(again, portal, "drift@example.org");
        assertThat(Browser.location(postFrom(again, secondFactorUrl(), secondFactorUrl(),
                Map.of("code", code(secret, clock, 1))))).doesNotContain("second-factor");
    }

    @Test
    void whenWrongCodesPileUpThenEvenTheRightCodeIsRefusedUntilTheDelayPasses() {
        byte[] secret = enrolOnAccountPage(new Browser(), portal, "throttle@example.org", clock);
        Browser browser = new Browser();
        password(browser, portal, "throttle@example.org");
        String answer = "";
        for (int i = 0; i < 6 && !answer.endsWith("?wait"); i++) {
            answer = Browser.location(postFrom(browser, secondFactorUrl(), secondFactorUrl(),
                    Map.of("code", "000000".equals(code(secret, clock, 0)) ? "111111" : "000000")));
        }
        assertThat(answer).as("the TOTP throttle answers with a wait").endsWith("?wait");
        var right = postFrom(browser, secondFactorUrl(), secondFactorUrl(), Map.of("code", code(secret, clock, 0)));
        assertThat(Browser.location(right)).as("throttled before the code is checked").endsWith("?wait");

        // The TOTP budget is its own: the password of the same account still works from another browser...
        Browser fresh = new Browser();
        assertThat(Browser.location(password(fresh, portal, "throttle@example.org")))
                .endsWith("/login/second-factor");
        // ...but a new browser (a new device cookie after the password) does not get a fresh budget for codes.
        assertThat(Browser.location(postFrom(fresh, secondFactorUrl(), secondFactorUrl(),
                Map.of("code", code(secret, clock, 0))))).endsWith("?wait");
        clock.advance(Duration.ofMinutes(1));
        var later = postFrom(browser, secondFactorUrl(), secondFactorUrl(), Map.of("code", code(secret, clock, 0)));
        assertThat(Browser.location(later)).doesNotContain("second-factor");
    }

    @Test
    void recoveryCodeWorksOnceIsAuditedByMailAndRegeneratingInvalidatesTheOldSet() throws Exception {
        Browser owner = new Browser();
        enrolOnAccountPage(owner, portal, "recovery@example.org", clock);
        var regenerated = postFrom(owner, portal + "/account", portal + "/account/recovery-codes", Map.of());
        List<String> codes = recoveryCodesOf(regenerated.body());
        assertThat(codes).hasSize(10);

        Browser browser = new Browser();
        OidcTestClient client = rp();
        var pkce = OidcTestClient.Pkce.create();
        authorizeAndPassword(browser, client, params(client, pkce), "recovery@example.org");
        var audit = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("audit");
        var events = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        events.start();
        audit.addAppender(events);
        HttpResponse<String> used;
        try {
            used = postFrom(browser, secondFactorUrl(), portal + "/login/recovery-code", Map.of("code", codes.get(0)));
        } finally {
            audit.detachAppender(events);
        }
        assertThat(events.list).extracting(e -> e.getFormattedMessage())
                .anyMatch(m -> m.matches("audit event=recovery-code-used realm=portal account=[0-9a-f-]{36} .*outcome=success.*"))
                .noneMatch(m -> m.contains(codes.get(0)) || m.contains("@"));
        JWTClaimsSet id = finish(browser, client, pkce, used);
        assertThat(id.getClaim("acr")).isEqualTo("urn:toegang:acr:mfa");
        assertThat(id.getStringListClaim("amr")).contains("pwd", "otp");

        DevMail mail = awaitMail("recovery@example.org", "recovery-code-used");
        assertThat(mail.text()).doesNotContain(codes.get(0)).contains("9");

        Browser again = new Browser();
        password(again, portal, "recovery@example.org");
        assertThat(Browser.location(postFrom(again, secondFactorUrl(), portal + "/login/recovery-code",
                Map.of("code", codes.get(0))))).endsWith("?error");

        var fresh = recoveryCodesOf(postFrom(owner, portal + "/account", portal + "/account/recovery-codes",
                Map.of()).body());
        assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(codes);
        assertThat(Browser.location(postFrom(again, secondFactorUrl(), portal + "/login/recovery-code",
                Map.of("code", codes.get(1))))).as("old set stopped working").endsWith("?error");
        assertThat(Browser.location(postFrom(again, secondFactorUrl(), portal + "/login/recovery-code",
                Map.of("code", fresh.get(0))))).doesNotContain("second-factor");
    }

    @Test
    void whenThePasswordIsDoneButNotTheSecondStepThenNeitherAuthorizeNorTheAccountPageOpen() {
        enrolOnAccountPage(new Browser(), portal, "bypass@example.org", clock);
        Browser browser = new Browser();
        OidcTestClient client = rp();
        var pkce = OidcTestClient.Pkce.create();
        var afterPassword = authorizeAndPassword(browser, client, params(client, pkce), "bypass@example.org");
        assertThat(Browser.location(afterPassword)).endsWith("/login/second-factor");

        var direct = browser.get(client.authorizationUrl(params(client, pkce)));
        assertThat(direct.statusCode()).isEqualTo(302);
        assertThat(Browser.location(direct)).as("no code without the second step").endsWith("/login")
                .doesNotContain("code=");
        var account = browser.get(portal + "/account");
        assertThat(account.statusCode()).isEqualTo(302);
        assertThat(Browser.location(account)).endsWith("/login");
    }

    @Test
    void whenAHalfFinishedSessionIsReplayedAfterTheLoginCompletedThenItIsNothing() {
        byte[] secret = enrolOnAccountPage(new Browser(), portal, "replaysession@example.org", clock);
        Browser browser = new Browser();
        password(browser, portal, "replaysession@example.org");
        String halfFinished = session(browser);
        var done = postFrom(browser, secondFactorUrl(), secondFactorUrl(), Map.of("code", code(secret, clock, 0)));
        assertThat(Browser.location(done)).doesNotContain("second-factor");
        assertThat(session(browser)).as("session id renewed at sign-in").isNotEqualTo(halfFinished);

        Browser thief = new Browser();
        thief.cookies().getCookieStore().add(java.net.URI.create(server.baseUrl()), cookie(halfFinished));
        assertThat(Browser.location(thief.get(secondFactorUrl()))).endsWith("/login");
        assertThat(Browser.location(thief.get(portal + "/account"))).endsWith("/login");
        var authorize = thief.get(rp().authorizationUrl(params(rp(), OidcTestClient.Pkce.create())));
        assertThat(Browser.location(authorize)).endsWith("/login");
    }

    @Test
    void aRememberedDeviceStillGetsTheSecondStep() {
        byte[] secret = enrolOnAccountPage(new Browser(), portal, "device@example.org", clock);
        Browser browser = new Browser();
        password(browser, portal, "device@example.org");
        postFrom(browser, secondFactorUrl(), secondFactorUrl(), Map.of("code", code(secret, clock, 0)));
        assertThat(browser.cookies().getCookieStore().getCookies())
                .anyMatch(c -> c.getName().equals(nl.toegang.lockout.DeviceCookies.cookieName("portal")));

        // Same browser, device cookie kept, session gone (closed browser): the code is asked again.
        browser.cookies().getCookieStore().getCookies().stream().filter(c -> c.getName().equals("TOEGANG_SESSION"))
                .toList().forEach(c -> browser.cookies().getCookieStore().remove(null, c));
        assertThat(Browser.location(password(browser, portal, "device@example.org"))).endsWith("/login/second-factor");
    }

    @Test
    void whenTheRealmRequiresMfaThenAnAccountWithoutOneEnrolsAtLoginAndGetsRecoveryCodes() {
        Browser browser = new Browser();
        OidcTestClient client = new OidcTestClient(secure, "rp", null, "https://rp.example.test/cb");
        var pkce = OidcTestClient.Pkce.create();
        var afterPassword = authorizeAndPassword(browser, client, params(client, pkce), "new@example.org");
        assertThat(Browser.location(afterPassword)).isEqualTo("/realms/secure/login/enrol");
        assertThat(Browser.location(browser.get(client.authorizationUrl(params(client, pkce)))))
                .as("enrolment pending is not signed in").endsWith("/login");

        var page = browser.get(secure + "/login/enrol");
        byte[] secret = secretOf(page.body());
        var confirmed = browser.postForm(secure + "/login/enrol", Map.of("code", code(secret, clock, 0),
                "_csrf", Browser.csrfToken(page.body())));
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(recoveryCodesOf(confirmed.body())).hasSize(10);
        String next = java.util.regex.Pattern.compile("id=\"continue\" href=\"([^\"]+)\"").matcher(confirmed.body())
                .results().findFirst().orElseThrow().group(1).replace("&amp;", "&");
        var back = browser.get(next.startsWith("http") ? next : server.baseUrl() + next);
        assertThat(back.statusCode()).isEqualTo(302);
        String code = Browser.queryParams(Browser.location(back)).get("code");
        var tokens = client.redeemCode(code, pkce.verifier());
        JWTClaimsSet id = client.verify(OidcTestClient.json(tokens.body()).get("id_token").asString());
        assertThat(id.getClaim("acr")).isEqualTo("urn:toegang:acr:mfa");
    }

    @Test
    void whenTheClientRequiresMfaThenItOverridesTheOptionalRealm() {
        Browser browser = new Browser();
        OidcTestClient client = new OidcTestClient(portal, "strict", null, "https://strict.example.test/cb");
        var afterPassword = authorizeAndPassword(browser, client, params(client, OidcTestClient.Pkce.create()),
                "strict@example.org");
        assertThat(Browser.location(afterPassword)).isEqualTo("/realms/portal/login/enrol");
    }

    @Test
    void whenTheRealmRequiresMfaThenTheLastFactorCannotBeRemoved() {
        Browser browser = new Browser();
        assertThat(Browser.location(password(browser, secure, "keeper@example.org"))).endsWith("/login/enrol");
        var page = browser.get(secure + "/login/enrol");
        var enrolled = browser.postForm(secure + "/login/enrol", Map.of("code", code(secretOf(page.body()), clock, 0),
                "_csrf", Browser.csrfToken(page.body())));
        assertThat(enrolled.statusCode()).isEqualTo(200);
        nextStep(clock);

        var removed = postFrom(browser, secure + "/account", secure + "/account/totp/remove",
                Map.of("confirmed", "yes"));
        assertThat(removed.statusCode()).isEqualTo(303);
        var account = browser.get(secure + "/account");
        assertThat(account.body()).contains("id=\"totp-status\"").doesNotContain("id=\"totp-setup\"");
    }

    @Test
    void aPasswordResetNeverSignsInSoTheSecondStepIsStillAsked() throws Exception {
        enrolOnAccountPage(new Browser(), portal, "reset@example.org", clock);
        Browser browser = new Browser();
        var forgot = postFrom(browser, portal + "/forgot", portal + "/forgot", Map.of("email", "reset@example.org"));
        assertThat(forgot.statusCode()).isEqualTo(303);
        String link = awaitMail("reset@example.org", "password-reset").text().lines()
                .filter(l -> l.contains("/reset?token=")).findFirst().orElseThrow().trim();
        var page = browser.get(link);
        assertThat(page.statusCode()).isEqualTo(200);
        var done = browser.postForm(portal + "/reset", Map.of("token", Browser.queryParams(link).get("token"),
                "password", "Another-Stapler-Orbit-77", "_csrf", Browser.csrfToken(page.body())));
        assertThat(Browser.location(done)).endsWith("/reset/done");

        assertThat(Browser.location(browser.get(portal + "/account"))).as("reset did not sign in").endsWith("/login");
        var login = browser.get(portal + "/login");
        var afterPassword = browser.postForm(portal + "/login", Map.of("email", "reset@example.org",
                "password", "Another-Stapler-Orbit-77", "_csrf", Browser.csrfToken(login.body())));
        assertThat(Browser.location(afterPassword)).endsWith("/login/second-factor");
    }

    @Test
    void changingSecondFactorsNeedsARecentSignIn() {
        Browser browser = new Browser();
        enrolOnAccountPage(browser, portal, "stale@example.org", clock);
        var page = browser.get(portal + "/account");
        clock.advance(Duration.ofMinutes(6));
        browser.withoutConsoleRoundTrip(); // see each hop of the new sign-in
        var late = browser.postForm(portal + "/account/recovery-codes", Map.of("_csrf", Browser.csrfToken(page.body())));
        assertThat(late.statusCode()).isEqualTo(303);
        assertThat(Browser.location(late)).contains("/oauth2/authorize?").contains("client_id=account-console")
                .contains("max_age=300");
        var remove = browser.postForm(portal + "/account/totp/remove", Map.of("_csrf", Browser.csrfToken(page.body())));
        assertThat(Browser.location(remove)).contains("max_age=300");
        assertThat(Browser.location(browser.get(Browser.resolve(remove)))).as("the password is asked again")
                .endsWith("/login");
        assertThat(browser.get(portal + "/account").body()).contains("id=\"totp-status\"");
    }

    @Test
    void whenTheSecondStepLocksAfterTheRightPasswordThenTheOwnerIsToldAndItIsAudited() throws Exception {
        byte[] secret = enrolOnAccountPage(new Browser(), portal, "locked@example.org", clock);
        Browser browser = new Browser();
        password(browser, portal, "locked@example.org");
        var audit = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("audit");
        var events = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        events.start();
        audit.addAppender(events);
        try {
            for (int i = 0; i < 10; i++) {
                List<String> valid = List.of(code(secret, clock, -1), code(secret, clock, 0), code(secret, clock, 1));
                String wrong = valid.contains("000000") ? "111111" : "000000";
                var answer = postFrom(browser, secondFactorUrl(), secondFactorUrl(), Map.of("code", wrong));
                assertThat(Browser.location(answer)).endsWith("?error");
                clock.advance(Duration.ofSeconds(31)); // past the growing delay, within the pending login's life
            }
        } finally {
            audit.detachAppender(events);
        }
        assertThat(events.list).extracting(e -> e.getFormattedMessage()).anyMatch(m -> m.matches(
                "audit event=second-factor-lockout realm=portal account=[0-9a-f-]{36} .*"));
        DevMail locked = awaitMail("locked@example.org", "second-factor-locked");
        assertThat(locked.subject()).isNotBlank();
        String host = java.net.URI.create(server.baseUrl()).getAuthority();
        assertThat(locked.text()).as("how to recognise the real site, in the text part")
                .containsAnyOf("never ask for your password or codes", "vragen nooit per e-mail of telefoon").contains(host);
        assertThat(locked.html()).containsAnyOf("never ask for your password or codes", "vragen nooit per e-mail");
    }

    private static DevMail awaitMail(String to, String template) throws InterruptedException {
        DevMailbox mailbox = server.bean(DevMailbox.class);
        for (int i = 0; i < 100; i++) {
            // The newest of that template: other mails (a new-device notice) may have come after it.
            Optional<DevMail> mail = mailbox.list().stream()
                    .filter(m -> m.to().equals(to) && m.template().equals(template)).findFirst();
            if (mail.isPresent()) {
                return mail.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + template + " mail to " + to);
    }

    private static String session(Browser browser) {
        return browser.cookies().getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("TOEGANG_SESSION")).map(HttpCookie::getValue).findFirst().orElseThrow();
    }

    private static HttpCookie cookie(String session) {
        HttpCookie cookie = new HttpCookie("TOEGANG_SESSION", session);
        cookie.setPath("/");
        cookie.setVersion(0);
        return cookie;
    }
}
