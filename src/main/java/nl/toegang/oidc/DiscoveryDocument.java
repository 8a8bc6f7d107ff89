package nl.toegang.oidc;

import nl.toegang.oidc.dpop.DpopProofVerifier;
import nl.toegang.realm.ClientDefinition;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.realm.SubjectType;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadata;
import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderConfiguration;

import java.util.List;
import java.util.function.Consumer;

/** What discovery advertises: exactly what the server does, nothing Spring supports but Toegang refuses. */
final class DiscoveryDocument {
    private static final List<String> DPOP_ALGORITHMS = DpopProofVerifier.ALGORITHM_NAMES;
    private static final List<String> AUTH_METHODS = List.of("client_secret_basic", "client_secret_post",
            "private_key_jwt", "none");
    /** Only query: other modes, request objects and registration are refused ({@link UnsupportedRequestFeatures}). */
    private static final List<String> RESPONSE_MODES = List.of("query");

    private DiscoveryDocument() {
    }

    static Consumer<OidcProviderConfiguration.Builder> customizer(RealmRegistry realms) {
        return builder -> {
            String realm = RealmAuthorizationServerContext.requireRealm();
            RealmDefinition definition = realms.require(realm);
            String algorithm = definition.settings().signingAlgorithm();
            builder.grantTypes(g -> {
                        g.clear();
                        g.addAll(OidcConfiguration.GRANT_TYPES);
                    })
                    .responseTypes(r -> {
                        r.clear();
                        r.add("code");
                    })
                    .codeChallengeMethods(m -> {
                        m.clear();
                        m.add("S256");
                    })
                    .tokenEndpointAuthenticationMethods(m -> {
                        m.clear();
                        m.addAll(AUTH_METHODS);
                    })
                    .idTokenSigningAlgorithms(a -> {
                        a.clear();
                        a.add(algorithm);
                    })
                    .subjectTypes(t -> {
                        t.clear();
                        t.addAll(subjectTypes(definition));
                    })
                    .claim("require_pushed_authorization_requests", allRequirePar(definition))
                    .claim("dpop_signing_alg_values_supported", DPOP_ALGORITHMS)
                    .claim("response_modes_supported", RESPONSE_MODES)
                    .claim("request_parameter_supported", false)
                    .claim("request_uri_parameter_supported", true)
                    .claim("authorization_response_iss_parameter_supported", true)
                    // OIDC Back-Channel Logout 1.0 (oidc.logout); logout tokens carry sid whenever it is known.
                    .claim("backchannel_logout_supported", true)
                    .claim("backchannel_logout_session_supported", true)
                    .claim("acr_values_supported", TokenClaimsCustomizer.AuthenticationLevels.supportedAcrValues())
                    .claim("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce",
                            "acr", "amr", "sid", "name", "locale", "email", "email_verified"));
        };
    }

    /** Pairwise when the realm says so; DigiD identities are pairwise in every realm. */
    private static List<String> subjectTypes(RealmDefinition realm) {
        if (realm.settings().subjectType() == SubjectType.PAIRWISE) {
            return List.of("pairwise");
        }
        return realm.digid().isPresent() ? List.of("public", "pairwise") : List.of("public");
    }

    /** RFC 9126 §5: true only when no client of the realm may send a plain authorization request. */
    private static boolean allRequirePar(RealmDefinition realm) {
        var browserClients = realm.clients().stream().filter(c -> c.grantTypes().contains("authorization_code"))
                .toList();
        return !browserClients.isEmpty()
                && browserClients.stream().allMatch(ClientDefinition::requirePushedAuthorizationRequests);
    }

    static Consumer<OAuth2AuthorizationServerMetadata.Builder> metadataCustomizer(RealmRegistry realms) {
        return builder -> builder
                .claim("require_pushed_authorization_requests",
                        allRequirePar(realms.require(RealmAuthorizationServerContext.requireRealm())))
                .claim("dpop_signing_alg_values_supported", DPOP_ALGORITHMS)
                .grantTypes(g -> {
                    g.clear();
                    g.addAll(OidcConfiguration.GRANT_TYPES);
                })
                .responseTypes(r -> {
                    r.clear();
                    r.add("code");
                })
                .codeChallengeMethods(m -> {
                    m.clear();
                    m.add("S256");
                })
                .tokenEndpointAuthenticationMethods(m -> {
                    m.clear();
                    m.addAll(AUTH_METHODS);
                })
                .claim("response_modes_supported", RESPONSE_MODES)
                .claim("request_parameter_supported", false)
                .claim("request_uri_parameter_supported", true)
                .claim("authorization_response_iss_parameter_supported", true);
    }
}
