package nl.toegang.oidc;

import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.security.Principal;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The browser session that authorized a code, carried in the stored authorization from the authorization request (a
 * browser request, which has the session) to the code's redemption (a back-channel request from the portal, which has
 * none), so that the ID token's {@code sid} names that session. Spring Authorization Server would name the session of
 * the account that was used last, which with two browsers is the other one, and read every session of the account to
 * find it; its guess is switched off ({@link #withoutSpringsGuess}) and {@link TokenClaimsCustomizer} asks here.
 */
public final class AuthorizingSessions {
    /** Attribute of the stored authorization: the sealed id of the HTTP session that was given the code. */
    static final String ATTRIBUTE = "nl.toegang.session.authorizing-session"; // the name stored authorizations carry

    private final SealedSessionIds sealed;
    private final SessionRegistry sessions;

    public AuthorizingSessions(SealedSessionIds sealed, SessionRegistry sessions) {
        this.sealed = sealed;
        this.sessions = sessions;
    }

    /**
     * A newly issued code's authorization with the current request's session remembered: set once, in the browser
     * request that received the code, and sealed, because the id is the session cookie.
     */
    OAuth2Authorization remembered(OAuth2Authorization authorization) {
        var code = authorization.getToken(OAuth2AuthorizationCode.class);
        if (code == null || authorization.getAccessToken() != null || authorization.getAttribute(ATTRIBUTE) != null) {
            return authorization;
        }
        return currentSessionId().map(session -> OAuth2Authorization.from(authorization)
                .attribute(ATTRIBUTE, sealed.seal(session, authorization.getId()))
                .build()).orElse(authorization);
    }

    private static Optional<String> currentSessionId() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet) {
            HttpSession session = servlet.getRequest().getSession(false);
            return session == null ? Optional.empty() : Optional.of(session.getId());
        }
        return Optional.empty();
    }

    /**
     * The session that authorized the code being redeemed: that session alone, looked up by id (one read). Expired,
     * ended or someone else's: none, so no {@code sid} rather than a wrong one. When the authorization remembers no
     * session it can open, the account's most recently used session, as Spring Authorization Server picks it.
     */
    Optional<SessionInformation> of(OAuth2Authorization redeemed, Authentication principal) {
        String sealedId = redeemed.getAttribute(ATTRIBUTE);
        Optional<String> id = sealedId == null ? Optional.empty() : sealed.open(sealedId, redeemed.getId());
        if (id.isEmpty()) {
            return mostRecent(principal);
        }
        SessionInformation session = sessions.getSessionInformation(id.get());
        if (session == null || session.isExpired()
                || !name(principal.getPrincipal()).equals(String.valueOf(session.getPrincipal()))) {
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /**
     * True when {@code authorization} was authorized in the browser session {@code sessionId}: its code remembers
     * that session (also after redemption: the attribute stays with the authorization).
     */
    boolean authorizedIn(OAuth2Authorization authorization, String sessionId) {
        String sealedId = authorization.getAttribute(ATTRIBUTE);
        return sealedId != null && sealed.open(sealedId, authorization.getId()).map(sessionId::equals).orElse(false);
    }

    private Optional<SessionInformation> mostRecent(Authentication principal) {
        List<SessionInformation> all = sessions.getAllSessions(principal.getPrincipal(), false);
        return all == null ? Optional.empty()
                : all.stream().max(Comparator.comparing(SessionInformation::getLastRequest));
    }

    /** As the session store indexes sessions: by user name. */
    private static String name(Object principal) {
        if (principal instanceof UserDetails user) {
            return user.getUsername();
        }
        if (principal instanceof Principal named) {
            return named.getName();
        }
        return String.valueOf(principal);
    }

    /**
     * Stops Spring's code provider from putting its own guess of the session (and {@code auth_time}) into the ID
     * token: it would read every session of the account on every redemption, and name the wrong one.
     */
    static void withoutSpringsGuess(OAuth2AuthorizationCodeAuthenticationProvider provider) {
        provider.setSessionRegistry(NoGuess.INSTANCE);
    }

    /** The only thing Spring's code provider asks a session registry: the account's sessions. None. */
    private enum NoGuess implements SessionRegistry {
        INSTANCE;

        @Override
        public List<SessionInformation> getAllSessions(Object principal, boolean includeExpiredSessions) {
            return List.of();
        }

        @Override
        public List<Object> getAllPrincipals() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SessionInformation getSessionInformation(String sessionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void refreshLastRequest(String sessionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void registerNewSession(String sessionId, Object principal) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeSessionInformation(String sessionId) {
            throw new UnsupportedOperationException();
        }
    }
}
