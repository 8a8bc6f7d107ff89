package nl.toegang.lockout;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The login form and the admin API as a browser and a support tool use them. */
final class LoginForm {
    private final String baseUrl;

    LoginForm(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    String loginUrl(String realm) {
        return baseUrl + "/realms/" + realm + "/login";
    }

    /** Loads the form (for its CSRF token) and posts the credentials; returns the 303. */
    HttpResponse<String> post(Browser browser, String realm, String email, String password) {
        var page = browser.get(loginUrl(realm));
        return browser.postForm(loginUrl(realm), Map.of("email", email, "password", password,
                "_csrf", Browser.csrfToken(page.body())));
    }

    HttpResponse<String> post(Browser browser, String email, String password) {
        return post(browser, "portal", email, password);
    }

    /** Where the 303 points, relative to the login URL: "?error", "?wait", "?locked", "?disabled" or "signed-in". */
    String outcome(HttpResponse<String> response, String realm) {
        if (response.statusCode() != 303) {
            throw new AssertionError("expected 303, got " + response.statusCode());
        }
        String location = Browser.location(response);
        String login = "/realms/" + realm + "/login";
        return location.startsWith(login + "?") ? location.substring(login.length()) : "signed-in";
    }

    String outcome(HttpResponse<String> response) {
        return outcome(response, "portal");
    }

    /** Follows the 303 and returns the page the browser shows. */
    String page(Browser browser, HttpResponse<String> response) {
        var page = browser.get(Browser.resolve(response), Map.of("Accept", "text/html", "Accept-Language", "en"));
        if (page.statusCode() != 200 || !page.body().contains("<form")) {
            throw new AssertionError("not the login page: " + page.statusCode() + " " + page.body());
        }
        return page.body();
    }

    String adminToken(String clientId, String secret) {
        var response = new OidcTestClient(baseUrl + "/realms/admin", clientId, secret, null)
                .tokenRequest(Map.of("grant_type", "client_credentials"));
        if (response.statusCode() != 200) {
            throw new AssertionError("token request failed: " + response.statusCode() + " " + response.body());
        }
        return OidcTestClient.json(response.body()).get("access_token").asString();
    }

    HttpResponse<String> adminGet(String path, String token) {
        var builder = HttpRequest.newBuilder(java.net.URI.create(baseUrl + path)).GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return new Browser().send(builder.build());
    }

    HttpResponse<String> adminPost(String path, String token, String json) {
        var builder = HttpRequest.newBuilder(java.net.URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return new Browser().send(builder.build());
    }
}
