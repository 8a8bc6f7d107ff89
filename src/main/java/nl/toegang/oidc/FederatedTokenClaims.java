package nl.toegang.oidc;

import nl.toegang.federation.digid.FederatedIdentities;
import nl.toegang.saml.DigidLevel;
import nl.toegang.realm.ClientDefinition;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.session.RealmSignIn;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;

import java.util.Optional;

/**
 * Claims of tokens for federated (DigiD) logins, in line with the NL GOV OIDC profile: a pairwise {@code sub} in
 * every token (set by {@link SubjectIdentifiers}), {@code acr} = the eIDAS URI of the level DigiD actually returned, no {@code amr}, {@code sub_id_type}
 * saying the sub is a pseudonym, and the BSN (claim {@code bsn}) only in ID tokens of clients the realm file marks
 * eligible that were granted the {@code bsn} scope. Such clients get their ID token encrypted by
 * {@link IdTokenEncryption} unless the realm file opts out.
 */
public class FederatedTokenClaims {
    public static final String BSN_SCOPE = "bsn";
    public static final String SUB_ID_TYPE_PSEUDONYM = "urn:nl-eid-gdi:1.0:id:Pseudonym";

    private final FederatedIdentities identities;

    public FederatedTokenClaims(FederatedIdentities identities) {
        this.identities = identities;
    }

    public static boolean isFederated(Authentication principal) {
        return principal != null && principal.getAuthorities().stream()
                .anyMatch(a -> RealmSignIn.FEDERATED_AUTHORITY.equals(a.getAuthority()));
    }

    /** The DigiD level of a federated sign-in, from its authorities (none for an email account). */
    public static Optional<DigidLevel> level(Authentication principal) {
        return principal.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith(DigidLevel.AUTHORITY_PREFIX))
                .map(a -> DigidLevel.valueOf(a.substring(DigidLevel.AUTHORITY_PREFIX.length())))
                .findFirst();
    }

    /** Applies the federated claims after the general ones (the pairwise sub is set there); nothing for email accounts. */
    void customize(JwtEncodingContext context, RealmDefinition realm) {
        Authentication principal = context.getPrincipal();
        if (!isFederated(principal)) {
            return;
        }
        String clientId = context.getRegisteredClient().getClientId();
        var claims = context.getClaims();
        if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
            claims.claims(c -> c.remove("amr")); // NL GOV: amr MUST NOT be used
            level(principal).ifPresent(level -> claims.claim("acr", level.eidasUri()));
            claims.claim("sub_id_type", SUB_ID_TYPE_PSEUDONYM);
            boolean eligible = realm.client(clientId).map(ClientDefinition::bsnEligible).orElse(false);
            if (eligible && context.getAuthorizedScopes().contains(BSN_SCOPE)) {
                identities.bsn(realm.name(), principal.getName())
                        .ifPresent(bsn -> claims.claim("bsn", bsn.value()));
            }
        }
    }
}
