package nl.toegang.oidc;

import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

import java.util.Optional;

/**
 * The authorization-server context of a request to one realm: the issuer is always derived from the configured
 * public URL and the realm name, never from the Host header, so a forged Host cannot change the issuer.
 */
public record RealmAuthorizationServerContext(String realm, String issuer, AuthorizationServerSettings settings)
        implements AuthorizationServerContext {

    @Override
    public String getIssuer() {
        return issuer;
    }

    @Override
    public AuthorizationServerSettings getAuthorizationServerSettings() {
        return settings;
    }

    /** The realm of the request being handled by the authorization server, if any. */
    public static Optional<String> currentRealm() {
        return AuthorizationServerContextHolder.getContext() instanceof RealmAuthorizationServerContext ctx
                ? Optional.of(ctx.realm())
                : Optional.empty();
    }

    public static String requireRealm() {
        return currentRealm().orElseThrow(() -> new IllegalStateException("no realm context for this request"));
    }
}
