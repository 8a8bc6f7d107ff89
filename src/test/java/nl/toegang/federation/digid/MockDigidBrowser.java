package nl.toegang.federation.digid;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A browser's trip through the built-in mock DigiD, for tests of what happens after a DigiD login. */
final class MockDigidBrowser {

    private MockDigidBrowser() {
    }

    /** An authorization request of the public test client {@code rp}; returns where the browser is sent. */
    static String authorize(TestServer server, Browser browser, String redirect) {
        var client = new OidcTestClient(server.issuer("portal"), "rp", null, redirect);
        var params = client.authorizationParams(OidcTestClient.Pkce.create(), "state-1", "nonce-1");
        HttpResponse<String> response = browser.get(client.authorizationUrl(params));
        assertThat(response.statusCode()).isEqualTo(302);
        return Browser.location(response);
    }

    /** With an SSO session in the realm: a fresh code for the public client {@code rp}, redeemed for its ID token. */
    static String idToken(TestServer server, Browser browser, String redirect) {
        var client = new OidcTestClient(server.issuer("portal"), "rp", null, redirect);
        var pkce = OidcTestClient.Pkce.create();
        var response = browser.get(client.authorizationUrl(client.authorizationParams(pkce, "state-2", "nonce-2")));
        String location = Browser.location(response);
        assertThat(location).startsWith(redirect + "?code=");
        var tokens = client.redeemCode(Browser.queryParams(location).get("code"), pkce.verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return OidcTestClient.json(tokens.body()).get("id_token").asString();
    }

    /** Starts at the RP, logs in with the mock DigiD (level Midden) and ends with the code at the RP. */
    static void login(TestServer server, Browser browser, String redirect, String bsn) {
        login(server, browser, redirect, bsn, null);
    }

    /** As {@link #login(TestServer, Browser, String, String)}, asking for {@code scope} (null: the default). */
    static void login(TestServer server, Browser browser, String redirect, String bsn, String scope) {
        var client = new OidcTestClient(server.issuer("portal"), "rp", null, redirect);
        Map<String, String> params = new LinkedHashMap<>(client.authorizationParams(OidcTestClient.Pkce.create(),
                "state-1", "nonce-1"));
        if (scope != null) {
            params.put("scope", scope);
        }
        var authorize = browser.get(client.authorizationUrl(params));
        // A browser without cookies yet gets the request carried along (?resume=, for blocked cookies).
        assertThat(Browser.location(authorize)).matches(".*/realms/portal/login(\\?resume=.*)?");
        assertThat(browser.get(Browser.resolve(authorize)).body()).contains("id=\"digid-login\"");
        var start = browser.get(server.issuer("portal") + "/saml/login");
        var mockPage = browser.get(Browser.location(start));
        assertThat(mockPage.statusCode()).isEqualTo(200);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", Browser.csrfToken(mockPage.body()));
        form.put("token", hidden(mockPage.body(), "token"));
        form.put("bsn", bsn);
        form.put("level", "MIDDEN");
        form.put("action", "login");
        var answered = browser.postForm(server.baseUrl() + "/mock-digid/sso", form);
        var acs = browser.get(Browser.location(answered));
        assertThat(acs.statusCode()).as(acs.body()).isEqualTo(303);
        var back = browser.get(Browser.resolve(acs));
        assertThat(Browser.location(back)).startsWith(redirect + "?code=");
    }

    /** The value of a hidden form field. */
    static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\"\\s+value=\"([^\"]+)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no hidden field " + name + " in:\n" + html);
        }
        return m.group(1);
    }
}
