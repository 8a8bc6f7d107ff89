package nl.toegang.oidc.logout;

import nl.toegang.oidc.SubjectIdentifiers;
import nl.toegang.oidc.RealmClientRepository;
import nl.toegang.oidc.RealmIsolatedAuthorizations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;

import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which clients of a realm a user signed in to, read from the authorization store: every authorization of the subject
 * that holds tokens, and, when a session is named, only those whose ID token carries that session's {@code sid}.
 * Each target carries the {@code sub} that client's ID tokens carry (pairwise for DigiD identities).
 */
public class SessionClients {
    private final JdbcClient jdbc;
    private final RealmIsolatedAuthorizations authorizations;
    private final SubjectIdentifiers subjects;

    public SessionClients(JdbcClient jdbc, RealmIsolatedAuthorizations authorizations,
                          SubjectIdentifiers subjects) {
        this.jdbc = jdbc;
        this.authorizations = authorizations;
        this.subjects = subjects;
    }

    /**
     * One client session the user had.
     *
     * @param sid the sid of the ID tokens of that authorization, or null when it holds no ID token with one
     */
    public record Target(String clientId, String subject, String sid) {
    }

    /**
     * The distinct (client, sub, sid) triples of {@code subject} in {@code realm}; with {@code sid} non-null only
     * those of that session.
     */
    public Set<Target> of(String realm, String subject, String sid) {
        List<String> ids = jdbc.sql("""
                        SELECT id FROM oauth2_authorization
                        WHERE principal_name = ? AND registered_client_id LIKE ?
                          AND authorization_grant_type <> 'client_credentials'
                          AND (access_token_value IS NOT NULL OR refresh_token_value IS NOT NULL
                               OR oidc_id_token_value IS NOT NULL)""")
                .params(subject, RealmClientRepository.registeredClientId(realm, "%"))
                .query(String.class)
                .list();
        // Runs when a session ends (also on a timer, outside any request): the realm is named, not taken from a request.
        OAuth2AuthorizationService inRealm = authorizations.inRealm(realm);
        Set<Target> targets = new LinkedHashSet<>();
        for (String id : ids) {
            OAuth2Authorization authorization = inRealm.findById(id);
            if (authorization == null) {
                continue;
            }
            OAuth2Authorization.Token<OidcIdToken> idToken = authorization.getToken(OidcIdToken.class);
            String tokenSid = idToken == null ? null : idToken.getToken().getClaimAsString("sid");
            if (sid != null && !sid.equals(tokenSid)) {
                continue;
            }
            String clientId = authorization.getRegisteredClientId().substring(realm.length() + 1);
            targets.add(new Target(clientId, subjectFor(realm, clientId, authorization, idToken), tokenSid));
        }
        return targets;
    }

    /** The sub the client saw: from its ID token when there is one, else computed the way tokens compute it. */
    private String subjectFor(String realm, String clientId, OAuth2Authorization authorization,
                              OAuth2Authorization.Token<OidcIdToken> idToken) {
        if (idToken != null && idToken.getToken().getSubject() != null) {
            return idToken.getToken().getSubject();
        }
        Object principal = authorization.getAttribute(Principal.class.getName());
        if (principal instanceof Authentication authentication) {
            return subjects.subjectFor(realm, clientId, authentication);
        }
        return Objects.requireNonNull(authorization.getPrincipalName());
    }
}
