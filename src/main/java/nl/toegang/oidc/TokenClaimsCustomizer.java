package nl.toegang.oidc;

import nl.toegang.mfa.AssuranceLevel;
import nl.toegang.oidc.keys.RealmKeyService;
import nl.toegang.realm.ClientDefinition;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.session.SessionIds;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The single token customizer (Spring Authorization Server silently ignores all when there are two): signs with the
 * realm's algorithm and ACTIVE kid, and adds the claims relying parties need: {@code acr}, {@code amr} and a
 * {@code jti} on ID tokens with the realm's lifetime; on the ID token of a redeemed code the {@code sid} of the session
 * that authorized that code and its {@code auth_time} ({@link AuthorizingSessions}); {@code client_id} on access
 * tokens, and {@code roles} (from the client's realm-file entry) and {@code gty} ({@link ClientCredentialsTokens}) on
 * client_credentials access tokens.
 */
public class TokenClaimsCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {
    private final RealmRegistry realms;
    private final RealmKeyService keys;
    private final SecureRandom random;
    private final FederatedTokenClaims federated;
    private final SubjectIdentifiers subjects;
    private final AuthorizingSessions authorizingSessions;

    public TokenClaimsCustomizer(RealmRegistry realms, RealmKeyService keys, SecureRandom random,
                                 FederatedTokenClaims federated, SubjectIdentifiers subjects,
                                 AuthorizingSessions authorizingSessions) {
        this.authorizingSessions = authorizingSessions;
        this.realms = realms;
        this.keys = keys;
        this.random = random;
        this.federated = federated;
        this.subjects = subjects;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        String realmName = RealmAuthorizationServerContext.requireRealm();
        var realm = realms.require(realmName);
        var signingKey = keys.signingKey(realmName);
        context.getJwsHeader()
                .algorithm(SignatureAlgorithm.from(realm.settings().signingAlgorithm()))
                .keyId(signingKey.getKeyID());

        var claims = context.getClaims();
        if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
            Instant issuedAt = Instant.now();
            Set<String> factors = factors(context);
            claims.issuedAt(issuedAt)
                    .expiresAt(issuedAt.plus(realm.settings().idTokenLifetime()))
                    .id(randomId())
                    .claim("acr", AuthenticationLevels.acrFor(factors))
                    .claim("amr", AuthenticationLevels.amrFor(factors));
            if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())
                    && context.getAuthorization() != null) {
                // The session of the code being redeemed; a refreshed ID token keeps the first one's (Spring copies it).
                authorizingSessions.of(context.getAuthorization(), context.getPrincipal()).ifPresent(session -> {
                    claims.claim("sid", SessionIds.sid(session.getSessionId()));
                    authenticationTime(context).ifPresent(time -> claims.claim(IdTokenClaimNames.AUTH_TIME, time));
                });
            }
        } else if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            String clientId = context.getRegisteredClient().getClientId();
            claims.claim("client_id", clientId);
            if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                // Marks the token as self-describing: it is not stored (ClientCredentialsTokens).
                claims.claim(ClientCredentialsTokens.GRANT_TYPE_CLAIM, AuthorizationGrantType.CLIENT_CREDENTIALS.getValue());
                // Only a client's own token carries its roles: a user's token must never inherit them.
                realm.client(clientId).map(ClientDefinition::roles).filter(r -> !r.isEmpty())
                        .ifPresent(roles -> claims.claim("roles", new java.util.ArrayList<>(new TreeSet<>(roles))));
            }
        }
        if (!AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
            // A person's sub: pairwise where the realm or the identity asks for it (client tokens keep the client id).
            claims.subject(subjects.subjectFor(realmName, context.getRegisteredClient().getClientId(),
                    context.getPrincipal()));
        }
        federated.customize(context, realm); // DigiD logins: pairwise sub, eIDAS acr, BSN for eligible clients
    }

    private static Set<String> factors(JwtEncodingContext context) {
        return context.getPrincipal().getAuthorities().stream()
                .filter(FactorGrantedAuthority.class::isInstance)
                .map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
    }

    /** When the person last proved a factor, as Spring Authorization Server computes {@code auth_time}. */
    private static Optional<Date> authenticationTime(JwtEncodingContext context) {
        return context.getPrincipal().getAuthorities().stream()
                .filter(FactorGrantedAuthority.class::isInstance)
                .map(authority -> ((FactorGrantedAuthority) authority).getIssuedAt())
                .filter(java.util.Objects::nonNull)
                .max(Instant::compareTo)
                .map(Date::from);
    }

    private String randomId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Maps the factors a login really used to acr/amr values (the rules live in {@link AssuranceLevel}). */
    public static final class AuthenticationLevels {
        /** Email + password only. */
        public static final String ACR_PASSWORD = AssuranceLevel.PASSWORD.acr();

        private AuthenticationLevels() {
        }

        public static List<String> supportedAcrValues() {
            return AssuranceLevel.supportedAcrValues();
        }

        static String acrFor(Set<String> factors) {
            return AssuranceLevel.of(factors).orElse(AssuranceLevel.PASSWORD).acr();
        }

        /** A mutable ArrayList on purpose: token claims are stored as JSON, and Jackson's allowlist refuses List.of. */
        static List<String> amrFor(Set<String> factors) {
            return AssuranceLevel.amr(factors);
        }
    }
}
