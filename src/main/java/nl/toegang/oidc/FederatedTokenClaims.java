package nl.toegang.oidc;

import nl.toegang.federation.digid.FederatedIdentities;
import nl.toegang.saml.DigidLevel;
import nl.toegang.realm.ClientDefinition;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.session.RealmSignIn;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;

import java.util.Optional;

/**
 * Claims of tokens for federated logins (DigiD, upstream OpenID Providers), in line with the NL GOV OIDC profile: a
 * pairwise {@code sub} in every token (set by {@link SubjectIdentifiers}), {@code acr} = the eIDAS URI of the level
 * DigiD actually returned (or the acr the realm file maps an upstream provider's level to), no {@code amr},
 * {@code sub_id_type} saying the sub is a pseudonym, and the BSN (claim {@code bsn}) only in ID tokens of clients the
 * realm file marks eligible that were granted the {@code bsn} scope. Such clients get their ID token encrypted by
 * {@link IdTokenEncryption} unless the realm file opts out. An upstream provider's mapped claims (name, email, ...)
 * are released by scope, as for email accounts.
 */
public class FederatedTokenClaims {
    public static final String BSN_SCOPE = "bsn";
    /** The eIDAS PersonIdentifier: claim and scope, released like the BSN (docs/eidas.md). */
    public static final String EIDAS_ID_CLAIM = "eidas_person_identifier";
    /** Profile claims an eIDAS login adds to the OIDC ones (docs/eidas.md). */
    static final java.util.List<String> PROFILE_CLAIMS = java.util.List.of("name", "given_name", "family_name",
            "locale", "birthdate", "gender", "eidas_country", "eidas_birth_name", "eidas_place_of_birth");
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

    /** The acr of an upstream provider's login as the realm file maps it ({@link RealmSignIn#FEDERATED_ACR_PREFIX}). */
    static Optional<String> upstreamAcr(Authentication principal) {
        return principal.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith(RealmSignIn.FEDERATED_ACR_PREFIX))
                .map(a -> a.substring(RealmSignIn.FEDERATED_ACR_PREFIX.length()))
                .findFirst();
    }

    /**
     * The claims an upstream provider vouched for (mapped per the realm file), released by scope exactly as for email
     * accounts: {@code profile} the names and locale, {@code email} the address and whether it is verified.
     */
    static java.util.Map<String, Object> released(java.util.Map<String, Object> claims, java.util.Set<String> scopes) {
        java.util.Map<String, Object> released = new java.util.LinkedHashMap<>();
        claims.forEach((name, value) -> {
            boolean profile = PROFILE_CLAIMS.contains(name);
            boolean email = java.util.List.of("email", "email_verified").contains(name);
            if (profile && scopes.contains(OidcScopes.PROFILE) || email && scopes.contains(OidcScopes.EMAIL)) {
                released.put(name, value);
            }
            // OIDC Core 5.1.1: the address claim is an object; eIDAS gives one line.
            if (name.equals("eidas_address") && scopes.contains(OidcScopes.ADDRESS)) {
                released.put("address", java.util.Map.of("formatted", value));
            }
        });
        return released;
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
            // The level the IdP asserted: DigiD's as its eIDAS URI, an upstream provider's as the realm file maps
            // it; none (an upstream level the realm file does not map) is no acr rather than a made-up one.
            Optional<String> acr = level(principal).map(DigidLevel::eidasUri).or(() -> upstreamAcr(principal));
            if (acr.isPresent()) {
                claims.claim("acr", acr.get());
            } else {
                claims.claims(c -> c.remove("acr"));
            }
            var kept = identities.claims(realm.name(), principal.getName());
            released(kept, context.getAuthorizedScopes()).forEach(claims::claim);
            boolean eidasEligible = realm.client(clientId).map(ClientDefinition::eidasPersonIdentifierEligible)
                    .orElse(false);
            if (eidasEligible && context.getAuthorizedScopes().contains(EIDAS_ID_CLAIM)
                    && kept.get(EIDAS_ID_CLAIM) instanceof String personIdentifier) {
                claims.claim(EIDAS_ID_CLAIM, personIdentifier);
            }
            claims.claim("sub_id_type", SUB_ID_TYPE_PSEUDONYM);
            boolean eligible = realm.client(clientId).map(ClientDefinition::bsnEligible).orElse(false);
            if (eligible && context.getAuthorizedScopes().contains(BSN_SCOPE)) {
                identities.bsn(realm.name(), principal.getName())
                        .ifPresent(bsn -> claims.claim("bsn", bsn.value()));
            }
        }
    }
}
