package nl.toegang.config;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The base URL people and relying parties use to reach this server. Configured by {@code toegang.public-url};
 * when that is empty it becomes {@code http://localhost:<bound port>} once the web server has started, so the
 * zero-configuration default and tests on a random port need no setting.
 */
@Component
public class PublicUrl {
    private final String configured;
    private volatile String resolved;

    public PublicUrl(ToegangProperties properties) {
        String value = properties.publicUrl();
        this.configured = value == null || value.isBlank() ? null : stripTrailingSlash(value.trim());
        this.resolved = configured;
    }

    @EventListener
    void onWebServerStarted(WebServerInitializedEvent event) {
        if (configured == null && "server".equals(serverNamespace(event))) {
            resolved = "http://localhost:" + event.getWebServer().getPort();
        }
    }

    private static String serverNamespace(WebServerInitializedEvent event) {
        String ns = event.getApplicationContext().getServerNamespace();
        return ns == null ? "server" : ns;
    }

    /** False until the web server has started when no public URL is configured (and always in command mode). */
    public boolean isKnown() {
        return resolved != null;
    }

    /** The base URL without a trailing slash. */
    public String value() {
        String url = resolved;
        if (url == null) {
            throw new IllegalStateException("public URL not known before the web server has started");
        }
        return url;
    }

    /**
     * The host (with its port when the URL names one) people should see in the address bar, e.g.
     * {@code login.example.nl}: from the configured URL, never from a request's Host header, which a look-alike site
     * in between could set.
     */
    public String host() {
        return java.net.URI.create(value()).getAuthority();
    }

    /** Issuer identifier of a realm: {@code {public-url}/realms/{name}}. */
    public String issuer(String realm) {
        return value() + "/realms/" + realm;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
