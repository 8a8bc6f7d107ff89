package nl.toegang.mfa;

import com.nimbusds.jwt.JWTClaimsSet;
import nl.toegang.mfa.totp.Base32;
import nl.toegang.mfa.totp.Totp;
import nl.toegang.mfa.totp.TotpParameters;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.OidcTestClient;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Steps of second-factor logins as a browser takes them, shared by the MFA tests. */
public final class MfaFlows {
    private static final Pattern KEY = Pattern.compile("id=\"totp-key\">([A-Z2-7 ]+)<");
    private static final Pattern CODE = Pattern.compile("<code>([0-9A-Za-z]{5}-[0-9A-Za-z]{5})</code>");
    public static final Totp TOTP = new Totp(TotpParameters.DEFAULT);
    static final String PASSWORD = "Correct-Horse-Battery-42";

    private MfaFlows() {
    }

    /** The TOTP code of {@code stepOffset} steps from the server clock's current step. */
    public static String code(byte[] secret, MutableClock clock, int stepOffset) {
        return TOTP.code(secret, TOTP.timeStep(clock.instant()) + stepOffset);
    }

    /** Moves the clock to the next 30-second step, so a fresh code is not a replay of the last one. */
    public static void nextStep(MutableClock clock) {
        clock.advance(Duration.ofSeconds(30));
    }

    public static byte[] secretOf(String enrolPage) {
        Matcher m = KEY.matcher(enrolPage);
        assertThat(m.find()).as("enrolment page shows the typed key").isTrue();
        return Base32.decode(m.group(1).replace(" ", ""));
    }

    public static List<String> recoveryCodesOf(String page) {
        List<String> codes = new ArrayList<>();
        Matcher m = CODE.matcher(page);
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }

    /** Password POST from the login page; returns the 303. */
    public static HttpResponse<String> password(Browser browser, String issuer, String email) {
        String login = issuer + "/login";
        var page = browser.get(login);
        return browser.postForm(login, Map.of("email", email, "password", PASSWORD,
                "_csrf", Browser.csrfToken(page.body())));
    }

    /** Posts a form found at {@code pageUrl} to {@code action} with the page's CSRF token. */
    public static HttpResponse<String> postFrom(Browser browser, String pageUrl, String action,
                                                Map<String, String> form) {
        var page = browser.get(pageUrl);
        assertThat(page.statusCode()).as("page %s", pageUrl).isEqualTo(200);
        var body = new java.util.HashMap<>(form);
        body.put("_csrf", Browser.csrfToken(page.body()));
        return browser.postForm(action, body);
    }

    /** Signs in (password only, account has no factor yet) and enrols TOTP on the account page; returns the key. */
    public static byte[] enrolOnAccountPage(Browser browser, String issuer, String email, MutableClock clock) {
        assertThat(password(browser, issuer, email).statusCode()).isEqualTo(303);
        var enrol = postFrom(browser, issuer + "/account", issuer + "/account/totp", Map.of());
        assertThat(enrol.statusCode()).isEqualTo(200);
        byte[] secret = secretOf(enrol.body());
        var confirmed = browser.postForm(issuer + "/account/totp/confirm", Map.of(
                "code", code(secret, clock, 0), "_csrf", Browser.csrfToken(enrol.body())));
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(recoveryCodesOf(confirmed.body())).hasSize(10);
        nextStep(clock);
        return secret;
    }

    /** Starts an authorization request, answers the password step, and returns the 303 after the password. */
    public static HttpResponse<String> authorizeAndPassword(Browser browser, OidcTestClient client,
                                                     Map<String, String> params, String email) {
        var first = browser.get(client.authorizationUrl(params));
        assertThat(first.statusCode()).isEqualTo(302);
        // A browser without cookies yet gets the request carried along (?resume=, for blocked cookies).
        assertThat(Browser.location(first)).matches(".*/login(\\?resume=.*)?");
        return password(browser, client.issuer(), email);
    }

    /** Follows the redirect back to authorize and redeems the code; returns the ID token's claims. */
    public static JWTClaimsSet finish(Browser browser, OidcTestClient client, OidcTestClient.Pkce pkce,
                               HttpResponse<String> afterLogin) {
        assertThat(afterLogin.statusCode()).isEqualTo(303);
        var back = browser.get(Browser.resolve(afterLogin));
        assertThat(back.statusCode()).as("authorize after login").isEqualTo(302);
        String code = Browser.queryParams(Browser.location(back)).get("code");
        assertThat(code).as("code in %s", Browser.location(back)).isNotNull();
        var tokens = client.redeemCode(code, pkce.verifier());
        assertThat(tokens.statusCode()).isEqualTo(200);
        return client.verify(OidcTestClient.json(tokens.body()).get("id_token").asString());
    }
}
