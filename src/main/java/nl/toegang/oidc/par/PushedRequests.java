package nl.toegang.oidc.par;

import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Rules for pushed authorization requests (RFC 9126) as Spring stores them: an authorization in the shared JDBC
 * store that holds the pushed request and a {@code state} (the secret part of the {@code request_uri}), but no
 * person yet. Toegang adds two timestamps as attributes, so every node applies the same limits:
 * <ul>
 *   <li>a {@code request_uri} must be presented within {@link #PRESENT_WITHIN} (60 s) of the push;</li>
 *   <li>once presented, the person may take up to {@link #COMPLETE_WITHIN} to sign in before it is used up
 *       (FAPI 2.0 requires one-time use at authorization time, not at page load, and a lifetime under 600 s).</li>
 * </ul>
 */
public final class PushedRequests {
    public static final Duration PRESENT_WITHIN = Duration.ofSeconds(60);
    public static final Duration COMPLETE_WITHIN = Duration.ofMinutes(9);

    static final String PUSHED_AT = "toegang.par.pushedAt";
    static final String PRESENTED_AT = "toegang.par.presentedAt";

    private PushedRequests() {
    }

    /** A pushed request not yet used: the request and state are there, the person is not. */
    public static boolean isPushedRequest(OAuth2Authorization authorization) {
        return authorization.getAttribute(OAuth2AuthorizationRequest.class.getName()) != null
                && authorization.getAttribute(OAuth2ParameterNames.STATE) != null
                && authorization.getAttribute(Principal.class.getName()) == null
                && authorization.getAccessToken() == null;
    }

    /** The authorization to store for a new push: stamped with the push time (an ISO-8601 string: the store's Jackson allowlist refuses Long). */
    public static OAuth2Authorization stamped(OAuth2Authorization pushed, Instant now) {
        if (pushed.getAttribute(PUSHED_AT) != null) {
            return pushed;
        }
        return OAuth2Authorization.from(pushed).attribute(PUSHED_AT, now.toString()).build();
    }

    /**
     * What a presentation of the request at {@code now} means: usable as it is, usable after recording the first
     * presentation (the returned authorization must be saved), or expired.
     */
    public static Presentation present(OAuth2Authorization pushed, Instant now) {
        Instant pushedAt = instant(pushed, PUSHED_AT).orElse(Instant.EPOCH);
        Optional<Instant> presentedAt = instant(pushed, PRESENTED_AT);
        if (presentedAt.isPresent()) {
            return now.isAfter(presentedAt.get().plus(COMPLETE_WITHIN)) ? new Presentation.Expired()
                    : new Presentation.Usable(pushed, false);
        }
        if (now.isAfter(pushedAt.plus(PRESENT_WITHIN))) {
            return new Presentation.Expired();
        }
        return new Presentation.Usable(
                OAuth2Authorization.from(pushed).attribute(PRESENTED_AT, now.toString()).build(), true);
    }

    private static Optional<Instant> instant(OAuth2Authorization authorization, String attribute) {
        Object value = authorization.getAttribute(attribute);
        return value instanceof String text ? Optional.of(Instant.parse(text)) : Optional.empty();
    }

    /** Outcome of presenting a {@code request_uri} at the authorization endpoint. */
    public sealed interface Presentation {
        /** @param mustSave the first presentation was recorded in {@code authorization}, which must be stored */
        record Usable(OAuth2Authorization authorization, boolean mustSave) implements Presentation {
        }

        record Expired() implements Presentation {
        }
    }
}
