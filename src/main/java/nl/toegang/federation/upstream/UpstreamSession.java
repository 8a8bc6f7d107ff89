package nl.toegang.federation.upstream;

import jakarta.servlet.http.HttpSession;
import nl.toegang.session.RealmLogout;

import nl.toegang.saml.SamlNameId;

import java.io.Serializable;

/**
 * What ending the provider's session needs to know about this browser's upstream login in a realm, kept in the HTTP
 * session from the callback on: which upstream, which federated identity, and the provider's ID token as
 * {@code id_token_hint} (OIDC RP-Initiated Logout 1.0 §2), or for a SAML IdP the NameID as asserted and the
 * SessionIndex (SAML single logout). These identify the person at the provider, so they live only here, in this
 * browser's (Redis-backed) HTTP session, never in the database or a log line: toString shows none of them.
 *
 * @param idTokenHint  OIDC: the provider's ID token; null for SAML
 * @param samlNameId   SAML: the NameID exactly as asserted; null for OIDC
 * @param sessionIndex SAML: the AuthnStatement's SessionIndex; null when none (or OIDC)
 */
public record UpstreamSession(String realm, String upstream, String identityId, String idTokenHint,
                              SamlNameId samlNameId, String sessionIndex)
        implements Serializable {
    private static final String ATTRIBUTE_PREFIX = "TOEGANG_UPSTREAM_SESSION:";

    static String attribute(String realm) {
        return ATTRIBUTE_PREFIX + realm;
    }

    /**
     * True when this browser's realm session is the upstream login recorded here, so an RP-initiated logout should
     * go on to {@code /realms/{realm}/upstream/logout}; never for a session that replaced it.
     */
    public static boolean ofCurrentUser(String realm, HttpSession session) {
        Object stored = session == null ? null : session.getAttribute(attribute(realm));
        return stored instanceof UpstreamSession upstream && upstream.realm().equals(realm)
                && RealmLogout.current(realm).map(a -> a.getName().equals(upstream.identityId())).orElse(false);
    }

    @Override
    public String toString() {
        return "UpstreamSession[realm=" + realm + ", upstream=" + upstream + ", identityId=" + identityId + "]";
    }
}
