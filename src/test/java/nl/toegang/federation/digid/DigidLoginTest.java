package nl.toegang.federation.digid;

import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import nl.toegang.saml.Bsn;
import nl.toegang.federation.saml.mock.MockDigidIdentity;
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

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * End to end through real HTTP: relying party → Toegang → mock DigiD → artifact → back channel over mutual TLS →
 * tokens. Also the refusals a resident or attacker would run into, and a scan of the log for anything BSN-like.
 */
@ExtendWith(OutputCaptureExtension.class)
class DigidLoginTest {
    static final String REDIRECT = "https://rp.example.test/callback";
    static final String SUBSTANTIAL = DigidTestRealm.SUBSTANTIAL;
    static final String BSN = DigidTestRealm.BSN;

    @TempDir
    static Path temp;
    static TestServer server;
    static DigidTestRealm realm;
    static RSAKey encryptionKey;

    @BeforeAll
    static void start() throws Exception {
        realm = DigidTestRealm.write(temp.resolve("realms"), REDIRECT);
        encryptionKey = realm.encryptionKey();
        server = TestServer.embedded(temp.resolve("data"), realm.realmsDir(), Map.of()).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static OidcTestClient client(String id) {
        return realm.client(server, id);
    }

    /** What a browser has after the mock returned it to our ACS with an artifact. */
    record AtAcs(Browser browser, String acsUrl, Map<String, String> params, OidcTestClient.Pkce pkce) {
    }

    AtAcs toAcs(String clientId, String scope, String acr, String level, String action, boolean saml4) {
        Browser browser = new Browser();
        var client = client(clientId);
        var pkce = OidcTestClient.Pkce.create();
        Map<String, String> params = new LinkedHashMap<>(client.authorizationParams(pkce, "state-1", "nonce-1"));
        params.put("scope", scope);
        if (acr != null) {
            params.put("acr_values", acr);
        }
        var authorize = browser.get(client.authorizationUrl(params));
        assertThat(authorize.statusCode()).isEqualTo(302);
        var loginPage = browser.get(Browser.resolve(authorize));
        assertThat(loginPage.body()).contains("id=\"digid-login\"").contains("Inloggen met DigiD");
        var start = browser.get(server.issuer("portal") + "/saml/login");
        assertThat(start.statusCode()).isEqualTo(302);
        String sso = Browser.location(start);
        assertThat(sso).startsWith(server.baseUrl() + "/mock-digid/sso?SAMLRequest=").contains("&Signature=");
        var mockPage = browser.get(sso);
        assertThat(mockPage.statusCode()).isEqualTo(200);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", Browser.csrfToken(mockPage.body()));
        form.put("token", hidden(mockPage.body(), "token"));
        form.put("bsn", BSN);
        form.put("level", level);
        form.put("action", action);
        if (saml4) {
            form.put("saml4", "true");
        }
        var answered = browser.postForm(server.baseUrl() + "/mock-digid/sso", form);
        assertThat(answered.statusCode()).isEqualTo(303);
        String acs = Browser.location(answered);
        assertThat(acs).startsWith(server.issuer("portal") + "/saml/acs?SAMLart=").doesNotContain(BSN);
        return new AtAcs(browser, acs, params, pkce);
    }

    void login(String clientId, String scope, String level, boolean saml4, Map<String, String> tokensOut) {
        AtAcs at = toAcs(clientId, scope, SUBSTANTIAL, level, "login", saml4);
        var acs = at.browser().get(at.acsUrl());
        assertThat(acs.statusCode()).as(acs.body()).isEqualTo(303);
        var authorize = at.browser().get(Browser.resolve(acs));
        assertThat(authorize.statusCode()).isEqualTo(302);
        var result = Browser.queryParams(Browser.location(authorize));
        assertThat(result).containsKey("code");
        var tokens = client(clientId).redeemCode(result.get("code"), at.pkce().verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        var json = OidcTestClient.json(tokens.body());
        tokensOut.put("id_token", json.get("id_token").asString());
        tokensOut.put("access_token", json.get("access_token").asString());
    }

    @Test
    void whenTheMockDigidPageSwitchesLanguageThenThePendingLoginOfThisBrowserStays() {
        Browser browser = new Browser(Map.of("Accept-Language", "nl"));
        var client = client("rp");
        var pkce = OidcTestClient.Pkce.create();
        Map<String, String> params = new LinkedHashMap<>(client.authorizationParams(pkce, "s", "n"));
        params.put("scope", "openid");
        params.put("acr_values", SUBSTANTIAL);
        browser.get(Browser.resolve(browser.get(client.authorizationUrl(params))));
        var mockPage = browser.get(Browser.location(browser.get(server.issuer("portal") + "/saml/login")));
        String token = hidden(mockPage.body(), "token");

        // The switch keeps neither the signed query nor a POST: it opens the same choice by its token.
        String switched = Browser.languageLink(mockPage.body(), "en");
        assertThat(switched).startsWith("/mock-digid/sso?").contains("token=" + token).contains("lang=en")
                .doesNotContain("SAMLRequest");
        var inEnglish = browser.get(server.baseUrl() + switched);
        assertThat(inEnglish.statusCode()).as(inEnglish.body()).isEqualTo(200);
        assertThat(inEnglish.body()).contains("lang=\"en\"").contains("value=\"" + token + "\"");
        assertThat(new Browser().get(server.baseUrl() + switched).statusCode()).as("another browser")
                .isEqualTo(400);

        var answered = browser.postForm(server.baseUrl() + "/mock-digid/sso", Map.of("_csrf",
                Browser.csrfToken(inEnglish.body()), "token", token, "bsn", BSN, "level", "SUBSTANTIEEL",
                "action", "login"));
        assertThat(answered.statusCode()).isEqualTo(303);
        assertThat(Browser.location(answered)).startsWith(server.issuer("portal") + "/saml/acs?SAMLart=");
        assertThat(browser.get(server.baseUrl() + switched).statusCode()).as("used").isEqualTo(400);
    }

    @Test
    void whenResidentLogsInAtSubstantieelThenPairwiseSubAndEidasAcrAndNoBsnForNonEligibleClients() {
        Map<String, String> one = new LinkedHashMap<>();
        login("rp", "openid bsn", "SUBSTANTIEEL", false, one);
        JWTClaimsSet idToken = client("rp").verify(one.get("id_token"));
        assertThat(idToken.getClaim("acr")).isEqualTo(SUBSTANTIAL);
        assertThat(idToken.getClaim("amr")).isNull();
        assertThat(idToken.getClaim("bsn")).as("rp asked for bsn but is not eligible").isNull();
        assertThat(idToken.getClaim("sub_id_type")).isEqualTo("urn:nl-eid-gdi:1.0:id:Pseudonym");

        Map<String, String> two = new LinkedHashMap<>();
        login("rp2", "openid", "SUBSTANTIEEL", false, two);
        JWTClaimsSet other = client("rp2").verify(two.get("id_token"));
        assertThat(other.getSubject()).as("pairwise per sector").isNotEqualTo(idToken.getSubject());

        Map<String, String> again = new LinkedHashMap<>();
        login("rp", "openid bsn", "HOOG", false, again);
        assertThat(client("rp").verify(again.get("id_token")).getSubject()).as("stable per client")
                .isEqualTo(idToken.getSubject());
        assertThat(client("rp").verify(again.get("id_token")).getClaim("acr"))
                .as("acr is the level DigiD returned").isEqualTo("http://eidas.europa.eu/LoA/high");

        var userinfo = new Browser().get(server.issuer("portal") + "/userinfo",
                Map.of("Authorization", "Bearer " + one.get("access_token")));
        assertThat(userinfo.statusCode()).isEqualTo(200);
        assertThat(userinfo.body()).doesNotContain(BSN).contains(idToken.getSubject());
    }

    @Test
    void whenEligibleClientAsksForBsnThenItArrivesOnlyInAnEncryptedIdToken() throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        login("tax", "openid bsn", "SUBSTANTIEEL", true, tokens);
        String idToken = tokens.get("id_token");
        assertThat(idToken.split("\\.")).as("a JWE has five parts").hasSize(5);
        JWEObject jwe = JWEObject.parse(idToken);
        assertThat(jwe.getHeader().getAlgorithm().getName()).isEqualTo("RSA-OAEP");
        assertThat(jwe.getHeader().getEncryptionMethod().getName()).isEqualTo("A256GCM");
        jwe.decrypt(new RSADecrypter(encryptionKey));
        JWTClaimsSet claims = client("tax").verify(jwe.getPayload().toString());
        assertThat(claims.getClaim("bsn")).isEqualTo(BSN);
        assertThat(claims.getClaim("acr")).isEqualTo(SUBSTANTIAL);
        assertThat(tokens.get("access_token")).doesNotContain(BSN);
        var userinfo = new Browser().get(server.issuer("portal") + "/userinfo",
                Map.of("Authorization", "Bearer " + tokens.get("access_token")));
        assertThat(userinfo.body()).doesNotContain(BSN);

        // Nothing the server keeps holds the BSN in the clear: the stored ID token is a keyed hash, its claims lack it.
        var stored = server.bean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("SELECT oidc_id_token_value, oidc_id_token_metadata, attributes FROM oauth2_authorization "
                        + "WHERE registered_client_id = ? AND oidc_id_token_value IS NOT NULL")
                .param("portal/tax").query((rs, n) -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3))
                .list();
        assertThat(stored).isNotEmpty().allMatch(row -> row.startsWith("hmac-sha256:")).noneMatch(row -> row.contains(BSN));
    }

    @Test
    void whenResidentCancelsThenTheRelyingPartyGetsAccessDenied() {
        AtAcs at = toAcs("rp", "openid", null, "MIDDEN", "cancel", false);
        var page = at.browser().outcome(at.browser().get(at.acsUrl()));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"digid-cancelled\"").contains("id=\"digid-retry\"");
        var back = at.browser().postForm(server.issuer("portal") + "/saml/return",
                Map.of("_csrf", Browser.csrfToken(page.body())));
        assertThat(back.statusCode()).isEqualTo(303);
        String location = Browser.location(back);
        assertThat(location).startsWith(REDIRECT);
        assertThat(Browser.queryParams(location)).containsEntry("error", "access_denied")
                .containsEntry("state", "state-1").containsEntry("iss", server.issuer("portal"));
    }

    @Test
    void digidAnswersAreCountedByStatus() {
        double cancelled = samlResults("cancelled");
        double authenticated = samlResults("authenticated");
        double logins = counter("toegang_logins_total{method=\"digid\",outcome=\"success\",realm=\"portal\"}");

        AtAcs at = toAcs("rp", "openid", null, "MIDDEN", "cancel", false);
        assertThat(at.browser().outcome(at.browser().get(at.acsUrl())).body()).contains("id=\"digid-cancelled\"");
        login("rp", "openid", "SUBSTANTIEEL", false, new LinkedHashMap<>());

        assertThat(samlResults("cancelled")).isEqualTo(cancelled + 1);
        assertThat(samlResults("authenticated")).isEqualTo(authenticated + 1);
        assertThat(counter("toegang_logins_total{method=\"digid\",outcome=\"success\",realm=\"portal\"}"))
                .isEqualTo(logins + 1);
        assertThat(new Browser().get(server.baseUrl() + "/actuator/prometheus", Map.of()).body()).doesNotContain(BSN);
    }

    private static double samlResults(String status) {
        return counter("toegang_saml_results_total{realm=\"portal\",status=\"" + status + "\"}");
    }

    /** A counter's value on the Prometheus page; 0 before it first counted. */
    private static double counter(String series) {
        var page = new Browser().get(server.baseUrl() + "/actuator/prometheus", Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body().lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst().orElse(0);
    }

    @Test
    void whenDigidReturnsALowerLevelThanRequestedThenNoSessionAndUnmetRequirements() {
        AtAcs at = toAcs("rp", "openid", SUBSTANTIAL, "MIDDEN", "login", false);
        var page = at.browser().outcome(at.browser().get(at.acsUrl()));
        assertThat(page.body()).contains("id=\"digid-level\"");
        var authorize = at.browser().get(client("rp").authorizationUrl(at.params()));
        assertThat(Browser.location(authorize)).as("still not signed in").contains("/login");
        var back = at.browser().postForm(server.issuer("portal") + "/saml/return",
                Map.of("_csrf", Browser.csrfToken(page.body())));
        assertThat(Browser.queryParams(Browser.location(back)))
                .containsEntry("error", "unmet_authentication_requirements");
    }

    @Test
    void whenDigidAnswersNoAuthnContextThenNoSessionAndUnmetRequirements() {
        // The mock's "level cannot be met" button: Responder/NoAuthnContext, no assertion at all.
        AtAcs at = toAcs("rp", "openid", null, "MIDDEN", "nolevel", false);
        var page = at.browser().outcome(at.browser().get(at.acsUrl()));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"digid-level\"").doesNotContain("id=\"digid-cancelled\"");
        var authorize = at.browser().get(client("rp").authorizationUrl(at.params()));
        assertThat(Browser.location(authorize)).as("still not signed in").contains("/login");
        var back = at.browser().postForm(server.issuer("portal") + "/saml/return",
                Map.of("_csrf", Browser.csrfToken(page.body())));
        assertThat(Browser.queryParams(Browser.location(back)))
                .containsEntry("error", "unmet_authentication_requirements").containsEntry("state", "state-1");
    }

    @Test
    void whenTheArtifactArrivesByPostThenItIsBouncedToTheGetAcsWhereTheSessionBindsIt() {
        AtAcs at = toAcs("rp", "openid", SUBSTANTIAL, "SUBSTANTIEEL", "login", false);
        Map<String, String> answer = Browser.queryParams(at.acsUrl());
        // The IdP's auto-submitting form is a cross-site POST: our SameSite=Lax session cookie does not come with it.
        var posted = new Browser().postForm(server.issuer("portal") + "/saml/acs",
                Map.of("SAMLart", answer.get("SAMLart"), "RelayState", answer.get("RelayState")));
        assertThat(posted.statusCode()).isEqualTo(303);
        String bounce = Browser.location(posted);
        assertThat(Browser.queryParams(bounce)).containsEntry("SAMLart", answer.get("SAMLart"))
                .containsEntry("RelayState", answer.get("RelayState"));

        // Another browser cannot use the bounce: the RelayState belongs to the session that started the login.
        Browser strangersBrowser = new Browser();
        var stranger = strangersBrowser.outcome(strangersBrowser.get(Browser.resolve(posted)));
        assertThat(stranger.statusCode()).isEqualTo(400);
        assertThat(stranger.body()).contains("id=\"digid-error\"");

        // The top-level GET brings the person's own cookie: signed in, on to the client.
        var acs = at.browser().get(Browser.resolve(posted));
        assertThat(acs.statusCode()).as(acs.body()).isEqualTo(303);
        var authorize = at.browser().get(Browser.resolve(acs));
        assertThat(Browser.location(authorize)).startsWith(REDIRECT).contains("code=");
    }

    @Test
    void theBounceCarriesTheArtifactAndRelayStateByteForByte() {
        // base64 has '+' and '/', which a query string must escape or the GET ACS would read a space.
        String artifact = "AAQAA+/+bcde+fghij/klmnopqrstuvwxyz0123456789+/ABCDEFGHIJKLM==";
        var posted = new Browser().postForm(server.issuer("portal") + "/saml/acs",
                Map.of("SAMLart", artifact, "RelayState", "a+b/c d"));
        assertThat(posted.statusCode()).isEqualTo(303);
        assertThat(Browser.queryParams(Browser.location(posted))).containsEntry("SAMLart", artifact)
                .containsEntry("RelayState", "a+b/c d");
    }

    @Test
    void whenAPostCarriesNoArtifactOrAnOversizedOneThenItIsRefusedAndLogged(
            org.springframework.boot.test.system.CapturedOutput output) {
        Browser browser = new Browser();
        var empty = browser.outcome(browser.postForm(server.issuer("portal") + "/saml/acs",
                Map.of("RelayState", "x")));
        assertThat(empty.statusCode()).isEqualTo(400);
        var huge = browser.outcome(browser.postForm(server.issuer("portal") + "/saml/acs",
                Map.of("SAMLart", "A".repeat(500), "RelayState", "x")));
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(output.getAll()).contains("refused a POST: no SAMLart")
                .contains("refused a POST: SAMLart or RelayState too long");
    }

    @Test
    void whenTheAnswerIsRefusedThenThePersonCanGoBackAndThePortalHearsWhy() {
        AtAcs at = toAcs("rp", "openid", SUBSTANTIAL, "SUBSTANTIEEL", "login", false);
        Map<String, String> answer = Browser.queryParams(at.acsUrl());
        // A tampered artifact (another handle): resolution fails and the page offers the way back.
        String tampered = java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(
                java.util.Base64.getDecoder().decode(answer.get("SAMLart")), 44));
        byte[] raw = java.util.Base64.getDecoder().decode(tampered);
        raw[43] ^= 0x5a;
        var page = at.browser().outcome(at.browser().get(server.issuer("portal") + "/saml/acs?SAMLart="
                + Browser.enc(java.util.Base64.getEncoder().encodeToString(raw))
                + "&RelayState=" + Browser.enc(answer.get("RelayState"))));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("id=\"digid-error\"").contains("id=\"digid-back\"")
                .contains("id=\"digid-retry\"");
        var back = at.browser().postForm(server.issuer("portal") + "/saml/return",
                Map.of("_csrf", Browser.csrfToken(page.body())));
        assertThat(Browser.location(back)).startsWith(REDIRECT);
        assertThat(Browser.queryParams(Browser.location(back))).containsEntry("error", "access_denied")
                .containsEntry("error_description", "The DigiD sign-in could not be completed")
                .containsEntry("state", "state-1");
        // Without the form's token the way back is refused like every other stale form: never to the portal.
        var forged = at.browser().postForm(server.issuer("portal") + "/saml/return", Map.of());
        assertThat(Browser.location(forged)).doesNotStartWith(REDIRECT);
    }

    @Test
    void whenSamlResponseIsPostedToTheAcsThenItIsRefusedWithoutSession() {
        Browser browser = new Browser();
        var posted = browser.outcome(browser.postForm(server.issuer("portal") + "/saml/acs",
                Map.of("SAMLResponse", "PHNhbWxwOlJlc3BvbnNlLz4=", "RelayState", "x")));
        assertThat(posted.statusCode()).isEqualTo(400);
        assertThat(posted.body()).contains("id=\"digid-post-refused\"");
        Map<String, String> params = new LinkedHashMap<>(
                client("rp").authorizationParams(OidcTestClient.Pkce.create(), "s", "n"));
        params.put("scope", "openid");
        var authorize = browser.get(client("rp").authorizationUrl(params));
        assertThat(Browser.location(authorize)).contains("/login");
    }

    @Test
    void whenAnArtifactIsReplayedThenItIsRefused() {
        AtAcs at = toAcs("rp", "openid", null, "MIDDEN", "login", false);
        assertThat(at.browser().get(at.acsUrl()).statusCode()).isEqualTo(303);
        // Same browser, same URL: the RelayState was used up.
        assertThat(at.browser().outcome(at.browser().get(at.acsUrl())).statusCode()).isEqualTo(400);
        // A fresh login round whose RelayState is valid, carrying the old artifact: the IdP resolves it only once.
        AtAcs fresh = toAcs("rp", "openid", null, "MIDDEN", "login", false);
        String oldArtifact = Browser.queryParams(at.acsUrl()).get("SAMLart");
        String relayState = Browser.queryParams(fresh.acsUrl()).get("RelayState");
        var replay = fresh.browser().outcome(fresh.browser().get(server.issuer("portal") + "/saml/acs?SAMLart="
                + Browser.enc(oldArtifact) + "&RelayState=" + Browser.enc(relayState)));
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("id=\"digid-error\"");
    }

    @Test
    void whenAuthnRequestSignatureIsBadThenTheMockAnswers404() {
        Browser browser = new Browser();
        Map<String, String> params = new LinkedHashMap<>(
                client("rp").authorizationParams(OidcTestClient.Pkce.create(), "s", "n"));
        params.put("scope", "openid");
        browser.get(client("rp").authorizationUrl(params));
        String sso = Browser.location(browser.get(server.issuer("portal") + "/saml/login"));
        String tampered = sso.replace("RelayState=", "RelayState=x");
        assertThat(browser.get(tampered).statusCode()).isEqualTo(404);
    }

    @Test
    void whenTheBackChannelIsCalledWithoutAClientCertificateThenTheHandshakeFails() throws Exception {
        int port = server.bean(MockDigidIdentity.class).artifactPort();
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new javax.net.ssl.TrustManager[]{new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) { }
            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) { }
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        HttpClient http = HttpClient.newBuilder().sslContext(trustAll).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/mock-digid/resolve"))
                .POST(HttpRequest.BodyPublishers.ofString("<x/>")).build();
        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void spMetadataIsSignedAndAsksForSignedAssertionsAndArtifactBinding() {
        var metadata = new Browser().get(server.issuer("portal") + "/saml/metadata", Map.of());
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.body()).contains("AuthnRequestsSigned=\"true\"").contains("WantAssertionsSigned=\"true\"")
                .contains("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact")
                .contains("Location=\"" + server.issuer("portal") + "/saml/acs\"")
                .contains("<ds:SignatureValue");
    }

    /** A full login with BSN release, while capturing everything the server logs: no 11-proef-valid 9-digit number. */
    @Test
    void zzLogsNeverContainABsn(CapturedOutput output) {
        Map<String, String> tokens = new LinkedHashMap<>();
        login("tax", "openid bsn", "SUBSTANTIEEL", false, tokens);
        Matcher m = Pattern.compile("(?<!\\d)\\d{9}(?!\\d)").matcher(output.getAll());
        while (m.find()) {
            assertThat(Bsn.isValid(m.group())).as("11-proef-valid number in the log: position " + m.start())
                    .isFalse();
        }
    }

    private static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\"\\s+value=\"([^\"]+)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no hidden field " + name + " in:\n" + html);
        }
        return m.group(1);
    }
}
