package nl.toegang.oidc;

import nl.toegang.realm.ClientDefinition;
import nl.toegang.realm.RealmRegistry;

import java.util.Optional;

/**
 * Where an authorization error may be sent: only to a {@code redirect_uri} that exactly matches one the client
 * registered in the current realm (RFC 6749 §4.1.2.1); anything else gets the error page, never a redirect.
 */
public final class RegisteredRedirect {

    private RegisteredRedirect() {
    }

    /** The redirect URI when it is registered for the client, else null (show the error page). */
    public static String orNull(RealmRegistry realms, String clientId, String redirectUri) {
        if (clientId == null || redirectUri == null) {
            return null;
        }
        Optional<ClientDefinition> client = RealmAuthorizationServerContext.currentRealm().flatMap(realms::find)
                .flatMap(realm -> realm.client(clientId));
        return client.filter(c -> c.redirectUris().contains(redirectUri)).isPresent() ? redirectUri : null;
    }
}
