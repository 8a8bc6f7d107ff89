package nl.toegang.oidc.logout;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import nl.toegang.federation.digid.DigidRealms;
import nl.toegang.federation.digid.DigidSession;
import nl.toegang.federation.upstream.UpstreamSession;
import nl.toegang.realm.ClientDefinition;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.session.PostLogoutRedirect;
import nl.toegang.session.RealmLogout;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The end of an RP-initiated logout, after it was validated (id_token_hint) or confirmed by the user: ends the realm
 * session ({@link RealmLogout}: SsoSessionEnded, hence back-channel logout), then either chains into DigiD single
 * logout or an upstream OpenID Provider's logout (when this browser's realm session came from there; the RP's target
 * waits in {@link PostLogoutRedirect}) or sends the browser to the validated {@code post_logout_redirect_uri} with
 * {@code state}, or to the signed-out page.
 */
@Component
public class LogoutCompletion {
    private final RealmLogout logout;
    private final DigidRealms digid;
    private final RealmRegistry realms;

    public LogoutCompletion(RealmLogout logout, DigidRealms digid, RealmRegistry realms) {
        this.logout = logout;
        this.digid = digid;
        this.realms = realms;
    }

    /**
     * {@code uri} with {@code state} appended when {@code clientId} registered exactly that
     * {@code post_logout_redirect_uri}; empty otherwise (never an open redirector).
     */
    public Optional<String> registeredTarget(String realm, String clientId, String uri, String state) {
        if (clientId == null || uri == null) {
            return Optional.empty();
        }
        boolean registered = realms.find(realm).flatMap(r -> r.client(clientId))
                .map(ClientDefinition::postLogoutRedirectUris)
                .map(uris -> uris.contains(uri))
                .orElse(false);
        return registered ? Optional.of(withState(uri, state)) : Optional.empty();
    }

    /** The target with {@code state} added as a query parameter (as Spring Authorization Server does). */
    public static String withState(String uri, String state) {
        if (state == null || state.isEmpty()) {
            return uri;
        }
        return UriComponentsBuilder.fromUriString(uri)
                .queryParam("state", UriUtils.encode(state, StandardCharsets.UTF_8))
                .build(true).toUriString();
    }

    /**
     * Ends the session and answers with a 303 to the next step.
     *
     * @param target where the relying party wants the browser afterwards, already validated; empty: our signed-out page
     */
    public void complete(String realm, String via, Optional<String> target, HttpServletRequest request,
                         HttpServletResponse response) {
        boolean chainToDigid = digidSessionOfCurrentUser(realm, request.getSession(false));
        // An upstream OpenID Provider's session is ended too, where it offers end_session (federation.upstream).
        boolean chainToUpstream = !chainToDigid && UpstreamSession.ofCurrentUser(realm, request.getSession(false));
        logout.end(realm, via, request, response);
        String base = request.getContextPath() + "/realms/" + realm;
        String next;
        if (chainToDigid || chainToUpstream) {
            target.ifPresent(url -> PostLogoutRedirect.remember(request.getSession(), realm, url));
            next = base + (chainToDigid ? "/saml/logout" : "/upstream/logout");
        } else {
            next = target.orElse(base + "/logout/done");
        }
        response.setStatus(HttpStatus.SEE_OTHER.value());
        response.setHeader("Location", next);
    }

    /** True when the realm session being ended is this browser's DigiD login (its record is still in the session). */
    private boolean digidSessionOfCurrentUser(String realm, HttpSession session) {
        if (session == null || !digid.offersDigid(realm)) {
            return false;
        }
        Object stored = session.getAttribute(DigidSession.attribute(realm));
        return stored instanceof DigidSession digidSession && RealmLogout.current(realm)
                .map(a -> a.getName().equals(digidSession.identityId())).orElse(false);
    }
}
