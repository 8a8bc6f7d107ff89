package nl.toegang.federation.upstream;

import com.nimbusds.jwt.JWTClaimsSet;
import demo.op.PartnerOpenIdProvider;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.FreePort;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestRunSecrets;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interop with an independent implementation: a partner's OpenID Provider built on Spring Authorization Server
 * ({@link PartnerOpenIdProvider}), started in this test as its own application. A person chooses the partner on
 * Toegang's login page, signs in at the partner's own login form, and the portal (a client of the realm) ends with
 * an ID token of Toegang that it verifies: pairwise sub, the partner's acr mapped, the partner's claims. Realm
 * {@code portal} authenticates to the partner with client_secret_basic, realm {@code staff} with private_key_jwt.
 */
class UpstreamInteropTest {
    static final String REDIRECT = "https://portal.example.test/callback";
    static final String BYE = "https://portal.example.test/bye";
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String PARTNER_SECRET = "partner-s3cr3t-for-tests-0123456789abcdef";
    static final String SUBSTANTIAL = "http://eidas.europa.eu/LoA/substantial";
    static final String PARTNER_PASSWORD = "Partner-Password-42";
    private static final Pattern CSRF = Pattern.compile(
            "<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"|<input[^>]*value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

    @TempDir
    static Path temp;
    static String partner;
    static TestServer toegang;
    static ConfigurableApplicationContext provider;

    @BeforeAll
    static void start() throws Exception {
        TestRunSecrets.remember(PARTNER_SECRET); // the whole-run scan checks no log line or audit event holds it
        int partnerPort = FreePort.find();
        partner = "http://localhost:" + partnerPort;
        Path realms = Files.createDirectories(temp.resolve("realms"));
        String upstream = """
                upstreams:
                  - id: partner
                    type: oidc
                    displayName: {nl: Partner, en: Partner}
                    issuer: %1$s
                    scopes: [openid, profile, email]
                    claims: {name: name, email: email, email_verified: email_verified}
                    acr:
                      - {upstream: "urn:partner:loa:1", issued: "http://eidas.europa.eu/LoA/low"}
                      - {upstream: "urn:partner:loa:2", issued: "%2$s"}
                """.formatted(partner, SUBSTANTIAL);
        String client = """
                clients:
                  - clientId: portal
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s]
                    postLogoutRedirectUris: [%3$s]
                    scopes: [openid, profile, email]
                """.formatted(SECRET, REDIRECT, BYE);
        Files.writeString(realms.resolve("portal.yaml"), "name: portal\ndisplayName: Mijn Portaal\n" + client
                + upstream + """
                    clientId: toegang
                    clientSecret: %s
                    userinfo: true
                """.formatted(PARTNER_SECRET));
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String key = Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
        Files.writeString(realms.resolve("staff-client.pem"), "-----BEGIN PRIVATE KEY-----\n" + key
                + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(realms.resolve("staff.yaml"), "name: staff\ndisplayName: Medewerkers\n" + client
                + upstream + """
                    clientId: toegang-jwt
                    clientAuthentication: private_key_jwt
                    signingKey: staff-client.pem
                """);
        toegang = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
        // Command-line arguments, so they win over Toegang's application.yaml on the shared classpath.
        provider = new SpringApplicationBuilder(PartnerOpenIdProvider.class).run(
                "--server.port=" + partnerPort,
                "--server.servlet.session.cookie.name=PARTNER_SESSION",
                "--spring.datasource.url=jdbc:h2:mem:partner",
                "--spring.flyway.enabled=false",
                "--partner.issuer=" + partner,
                "--partner.redirect-uri=" + toegang.issuer("portal") + "/upstream/partner/callback",
                "--partner.post-logout-redirect-uri=" + toegang.issuer("portal") + "/upstream/partner/logged-out",
                "--partner.client-secret=" + PARTNER_SECRET,
                "--partner.jwt-redirect-uri=" + toegang.issuer("staff") + "/upstream/partner/callback",
                "--partner.jwt-jwks-url=" + toegang.issuer("staff") + "/upstream/partner/jwks",
                "--partner.username=erik",
                "--partner.password=" + PARTNER_PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.close();
        }
        toegang.stop();
    }

    /** Where a sign-in through the partner left the browser and the portal. */
    record SignedIn(String idToken, JWTClaimsSet claims, String partnerAuthorize, String partnerLogin) {
    }

    /** Portal → Toegang's login page → the partner's login form → back through Toegang → the portal's ID token. */
    static SignedIn signInThroughPartner(Browser browser, String realm) {
        OidcTestClient portal = new OidcTestClient(toegang.issuer(realm), "portal", SECRET, REDIRECT);
        var pkce = OidcTestClient.Pkce.create();
        Map<String, String> params = new LinkedHashMap<>(portal.authorizationParams(pkce, "portal-state",
                "portal-nonce"));
        params.put("acr_values", SUBSTANTIAL);

        // The portal sends the person to Toegang; the login page offers the partner.
        var authorize = browser.get(portal.authorizationUrl(params));
        var loginPage = browser.get(Browser.resolve(authorize));
        assertThat(loginPage.body()).contains("id=\"upstream-login-partner\"").contains("Sign in with Partner");
        var chose = browser.get(toegang.baseUrl() + loginPageButton(loginPage));
        var start = browser.get(Browser.resolve(chose));
        String toPartner = Browser.location(start);
        assertThat(toPartner).startsWith(partner + "/oauth2/authorize?");

        // At the partner: its own login form (Spring Security's), then straight back to Toegang.
        var partnerAuthorize = browser.get(toPartner);
        assertThat(partnerAuthorize.statusCode()).isEqualTo(302);
        String partnerLogin = Browser.resolve(partnerAuthorize);
        var form = browser.get(partnerLogin);
        assertThat(form.statusCode()).isEqualTo(200);
        var signedIn = browser.postForm(partnerLogin, Map.of("username", "erik", "password", PARTNER_PASSWORD,
                "_csrf", csrf(form)));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        var answer = browser.get(Browser.resolve(signedIn));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        String callback = Browser.location(answer);
        assertThat(callback).startsWith(toegang.issuer(realm) + "/upstream/partner/callback?").contains("iss=");

        // Toegang checks the answer and the partner's ID token, signs the person in, and the portal gets its code.
        var checked = browser.get(callback);
        assertThat(checked.statusCode()).as(checked.body()).isEqualTo(303);
        var back = browser.get(Browser.resolve(checked));
        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(Browser.location(back)).startsWith(REDIRECT);
        Map<String, String> result = Browser.queryParams(Browser.location(back));
        assertThat(result).containsEntry("state", "portal-state").containsEntry("iss", toegang.issuer(realm));

        HttpResponse<String> tokens = portal.redeemCode(result.get("code"), pkce.verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        String idToken = OidcTestClient.json(tokens.body()).get("id_token").asString();
        JWTClaimsSet claims = portal.verify(idToken);
        assertThat(claims.getIssuer()).isEqualTo(toegang.issuer(realm));
        assertThat(claims.getAudience()).containsExactly("portal");
        assertThat(claims.getClaim("nonce")).isEqualTo("portal-nonce");
        assertThat(claims.getSubject()).as("pairwise, not the partner's user name").isNotEqualTo("erik");
        assertThat(claims.getClaim("acr")).isEqualTo(SUBSTANTIAL);
        assertThat(claims.getClaim("name")).isEqualTo("Erik Partner");
        assertThat(claims.getClaim("email")).isEqualTo("erik@partner.example");
        assertThat(claims.getClaim("email_verified")).isEqualTo(true);
        return new SignedIn(idToken, claims, toPartner, partnerLogin);
    }

    @Test
    void aPersonSignsInAtThePartnersSpringAuthorizationServerAndThePortalGetsAVerifiedIdToken() {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        SignedIn signedIn = signInThroughPartner(browser, "portal");

        // The portal signs the person out: Toegang's session ends, then the partner's, then back to the portal.
        var endSession = browser.get(toegang.issuer("portal") + "/connect/logout?" + Browser.formBody(Map.of(
                "id_token_hint", signedIn.idToken(), "post_logout_redirect_uri", BYE, "state", "bye-1")));
        assertThat(endSession.statusCode()).isEqualTo(303);
        assertThat(Browser.location(endSession)).isEqualTo("/realms/portal/upstream/logout");
        var toPartnerLogout = browser.get(Browser.resolve(endSession));
        assertThat(toPartnerLogout.statusCode()).isEqualTo(303);
        assertThat(Browser.location(toPartnerLogout)).startsWith(partner + "/connect/logout?")
                .contains("id_token_hint=").contains("post_logout_redirect_uri=");
        var partnerLogout = browser.get(Browser.location(toPartnerLogout));
        assertThat(partnerLogout.statusCode()).as(partnerLogout.body()).isEqualTo(302);
        String loggedOut = Browser.resolve(partnerLogout);
        assertThat(loggedOut).startsWith(toegang.issuer("portal") + "/upstream/partner/logged-out?state=");
        var toPortal = browser.get(loggedOut);
        assertThat(toPortal.statusCode()).isEqualTo(303);
        assertThat(Browser.location(toPortal)).isEqualTo(BYE + "?state=bye-1");

        var again = browser.get(signedIn.partnerAuthorize());
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(Browser.resolve(again)).as("the partner's session ended too: its login form again")
                .isEqualTo(signedIn.partnerLogin());
        OidcTestClient portal = new OidcTestClient(toegang.issuer("portal"), "portal", SECRET, REDIRECT);
        var portalAgain = browser.get(portal.authorizationUrl(portal.authorizationParams(
                OidcTestClient.Pkce.create(), "s", "n")));
        assertThat(Browser.location(portalAgain)).as("and Toegang's").contains("/realms/portal/login");
    }

    @Test
    void withPrivateKeyJwtThePartnerChecksToegangsAssertionAgainstItsPublishedKeys() {
        var jwks = new Browser().get(toegang.issuer("staff") + "/upstream/partner/jwks", Map.of());
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.body()).contains("\"kty\":\"RSA\"").doesNotContain("\"d\"").doesNotContain("\"p\"");
        assertThat(new Browser().get(toegang.issuer("portal") + "/upstream/partner/jwks", Map.of()).statusCode())
                .as("no key to publish for a client_secret_basic upstream").isEqualTo(404);

        SignedIn signedIn = signInThroughPartner(new Browser(Map.of("Accept-Language", "en")), "staff");
        assertThat(signedIn.claims().getIssuer()).isEqualTo(toegang.issuer("staff"));
    }

    /** The href of the partner's button on Toegang's login page. */
    private static String loginPageButton(HttpResponse<String> page) {
        Matcher m = Pattern.compile("id=\"upstream-login-partner\"\\s+href=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        return m.group(1);
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("a CSRF field on the partner's login page:\n" + page.body()).isTrue();
        return m.group(1) != null ? m.group(1) : m.group(2);
    }
}
