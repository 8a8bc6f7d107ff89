package nl.toegang.console;

import com.nimbusds.jose.util.JSONObjectUtils;
import nl.toegang.oidc.AccountConsoleClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Redeems the console's authorization code at the realm's real token endpoint, over HTTP to this node's own port (the
 * loopback address unless {@code server.address} names another): the same endpoint, client authentication (public
 * client + PKCE {@code code_verifier}), code checks and replay protection every portal gets. The issuer in the tokens
 * stays the public URL: it is set from {@code toegang.public-url}, not from the request's host (oidc.RealmIssuerFilter).
 */
@Component
public class ConsoleTokenEndpoint {
    private static final Logger log = LoggerFactory.getLogger(ConsoleTokenEndpoint.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String host;
    private volatile int port = -1;

    public ConsoleTokenEndpoint(Environment environment) {
        String address = environment.getProperty("server.address", "");
        boolean wildcard = address.isBlank() || address.equals("0.0.0.0") || address.equals("::")
                || address.equals("[::]");
        this.host = wildcard ? "127.0.0.1" : (address.contains(":") && !address.startsWith("[") ? "[" + address + "]"
                : address);
    }

    @EventListener
    void onWebServerStarted(WebServerInitializedEvent event) {
        String namespace = event.getApplicationContext().getServerNamespace();
        if (namespace == null || "server".equals(namespace)) {
            port = event.getWebServer().getPort();
        }
    }

    /** What the token endpoint answered. */
    public sealed interface Exchange permits Tokens, Refused {
    }

    /** The ID token (a secret: never logged). */
    public record Tokens(String idToken) implements Exchange {
        @Override
        public String toString() {
            return "Tokens[masked]";
        }
    }

    /** The endpoint refused the code or could not be reached; {@code reason} is safe to log. */
    public record Refused(String reason) implements Exchange {
    }

    public Exchange exchange(String realm, String contextPath, String code, String redirectUri, String codeVerifier) {
        if (port < 0) {
            return new Refused("the web server has not started");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("client_id", AccountConsoleClient.CLIENT_ID);
        form.put("code_verifier", codeVerifier);
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI endpoint = URI.create("http://" + host + ":" + port + contextPath + "/realms/" + realm + "/oauth2/token");
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Map<String, Object> json = JSONObjectUtils.parse(response.body());
            if (response.statusCode() != 200) {
                Object error = json.get("error");
                return new Refused("token endpoint answered " + response.statusCode() + " "
                        + (error instanceof String errorCode && errorCode.matches("[a-z_]{1,64}") ? errorCode : "(no error code)"));
            }
            if (!(json.get("id_token") instanceof String idToken)) {
                return new Refused("token response without an id_token");
            }
            return new Tokens(idToken);
        } catch (ParseException e) {
            return new Refused("token endpoint answered no JSON");
        } catch (IOException e) {
            log.warn("console token request to {} failed: {}", endpoint, e.toString());
            return new Refused("token endpoint not reachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Refused("interrupted");
        }
    }
}
