package nl.toegang.oidc.dpop;

import nl.toegang.config.PublicUrl;
import nl.toegang.oidc.RealmClientRepository;
import nl.toegang.realm.ClientDefinition;
import nl.toegang.realm.DpopPolicy;
import nl.toegang.realm.RealmRegistry;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;

import java.util.Map;
import java.util.Optional;

/**
 * Runs before each of Spring's token-endpoint grant providers and adds what Spring's DPoP support lacks:
 * <ul>
 *   <li>the proof is checked by {@link DpopProofVerifier} (replay refused on every node, clock-based iat window,
 *       asymmetric allowlist) before Spring binds the token to it ({@code cnf.jkt}, token_type DPoP);</li>
 *   <li>clients with {@code dpop: required} (and {@code profile: fapi2}) get no token without a proof;</li>
 *   <li>a DPoP-bound refresh token of a public client or of a client with {@code dpop: required} is refused without
 *       a proof of the same key (Spring compares keys only for public clients and only when a proof is sent; it
 *       issues no refresh tokens to public clients at all, so in practice this guards DPoP-required clients).</li>
 * </ul>
 */
public final class DpopTokenRequestGuard implements AuthenticationProvider {
    static final String PROOF_PARAMETER = "dpop_proof"; // where Spring's token request converters put the header

    private final AuthenticationProvider delegate;
    private final DpopProofVerifier verifier;
    private final RealmRegistry realms;
    private final PublicUrl publicUrl;
    private final OAuth2AuthorizationService authorizations;

    public DpopTokenRequestGuard(AuthenticationProvider delegate, DpopProofVerifier verifier, RealmRegistry realms,
                                 PublicUrl publicUrl, OAuth2AuthorizationService authorizations) {
        this.delegate = delegate;
        this.verifier = verifier;
        this.realms = realms;
        this.publicUrl = publicUrl;
        this.authorizations = authorizations;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        if (authentication instanceof OAuth2AuthorizationGrantAuthenticationToken grant
                && grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
                && client.isAuthenticated() && client.getRegisteredClient() != null) {
            check(grant, client);
        }
        return delegate.authenticate(authentication);
    }

    private void check(OAuth2AuthorizationGrantAuthenticationToken grant, OAuth2ClientAuthenticationToken client) {
        String registeredId = client.getRegisteredClient().getId();
        String realm = RealmClientRepository.realmOf(registeredId);
        Optional<ClientDefinition> definition = realms.find(realm)
                .flatMap(r -> r.client(client.getRegisteredClient().getClientId()));
        Object proof = grant.getAdditionalParameters().get(PROOF_PARAMETER);
        Optional<String> jkt = Optional.empty();
        if (proof instanceof String value) {
            try {
                jkt = Optional.of(verifier.verify(value, "POST", publicUrl.issuer(realm) + "/oauth2/token", null)
                        .jkt());
            } catch (DpopProofVerifier.InvalidDpopProof invalid) {
                throw invalidProof(invalid.getMessage());
            }
        } else if (definition.map(ClientDefinition::dpop).orElse(DpopPolicy.OPTIONAL) == DpopPolicy.REQUIRED) {
            throw invalidProof("this client must send a DPoP proof (DPoP header) with every token request");
        }
        boolean keyBoundRefresh = ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod())
                || definition.map(ClientDefinition::dpop).orElse(DpopPolicy.OPTIONAL) == DpopPolicy.REQUIRED;
        if (grant instanceof OAuth2RefreshTokenAuthenticationToken refresh && keyBoundRefresh) {
            Optional<String> bound = boundKey(refresh.getRefreshToken());
            if (bound.isPresent() && !bound.equals(jkt)) {
                // RFC 9449 §5 binds a public client's refresh token to its DPoP key; Toegang does the same for clients
                // that require DPoP, so a stolen refresh token and client key are not enough without the DPoP key.
                throw invalidProof("this refresh token is bound to a DPoP key; send a proof made with that key");
            }
        }
    }

    private Optional<String> boundKey(String refreshToken) {
        OAuth2Authorization authorization = authorizations.findByToken(refreshToken, OAuth2TokenType.REFRESH_TOKEN);
        if (authorization == null || authorization.getAccessToken() == null) {
            return Optional.empty(); // Spring answers invalid_grant
        }
        Map<String, Object> claims = authorization.getAccessToken().getClaims();
        return claims != null && claims.get("cnf") instanceof Map<?, ?> cnf && cnf.get("jkt") instanceof String jkt
                ? Optional.of(jkt) : Optional.empty();
    }

    private static OAuth2AuthenticationException invalidProof(String description) {
        return new OAuth2AuthenticationException(
                new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF, description, null));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }
}
