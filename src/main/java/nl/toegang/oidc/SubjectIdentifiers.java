package nl.toegang.oidc;

import nl.toegang.realm.ClientDefinition;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.realm.SubjectType;
import org.springframework.security.core.Authentication;

/**
 * The one place that decides which {@code sub} a client sees for a person, so ID tokens, access tokens (and with
 * them introspection), refresh results and userinfo always agree. Pairwise for DigiD identities and, in realms with
 * {@code subjectType: pairwise}, for email accounts too; the account id otherwise. The authorization keeps the local
 * principal name, so everything that maps tokens back to accounts (revocation, logout, admin) is unaffected.
 */
public class SubjectIdentifiers {
    private final RealmRegistry realms;
    private final PairwiseSubject pairwise;

    public SubjectIdentifiers(RealmRegistry realms, PairwiseSubject pairwise) {
        this.realms = realms;
        this.pairwise = pairwise;
    }

    public String subjectFor(String realmName, String clientId, Authentication principal) {
        RealmDefinition realm = realms.require(realmName);
        if (AccountConsoleClient.CLIENT_ID.equals(clientId)) {
            // The console is this server itself, not a relying party: pairwise values guard against two parties
            // correlating a person, and the console needs the local id to find the account and match the session.
            return principal.getName();
        }
        boolean isPairwise = FederatedTokenClaims.isFederated(principal)
                || realm.settings().subjectType() == SubjectType.PAIRWISE;
        if (!isPairwise) {
            return principal.getName();
        }
        String sector = realm.client(clientId).map(ClientDefinition::sector).orElse("client:" + clientId);
        return pairwise.of(realm.name(), sector, principal.getName());
    }
}
