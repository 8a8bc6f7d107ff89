package nl.toegang.oidc;

import nl.toegang.realm.RealmRegistry;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadata;
import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderConfiguration;

import java.util.List;
import java.util.function.Consumer;

/** What discovery advertises: exactly what the server does, nothing Spring supports but Toegang refuses. */
final class DiscoveryDocument {
    private static final List<String> AUTH_METHODS = List.of("client_secret_basic", "client_secret_post",
            "private_key_jwt", "none");

    private DiscoveryDocument() {
    }

    static Consumer<OidcProviderConfiguration.Builder> customizer(RealmRegistry realms) {
        return builder -> {
            String realm = RealmAuthorizationServerContext.requireRealm();
            String algorithm = realms.require(realm).settings().signingAlgorithm();
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
                    .claim("response_modes_supported", List.of("query"))
                    .claim("authorization_response_iss_parameter_supported", true)
                    // OIDC Back-Channel Logout 1.0 (oidc.logout); logout tokens carry sid whenever it is known.
                    .claim("backchannel_logout_supported", true)
                    .claim("backchannel_logout_session_supported", true)
                    .claim("acr_values_supported", TokenClaimsCustomizer.AuthenticationLevels.supportedAcrValues())
                    .claim("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce",
                            "acr", "amr", "sid", "name", "locale", "email", "email_verified"));
        };
    }

    static Consumer<OAuth2AuthorizationServerMetadata.Builder> metadataCustomizer() {
        return builder -> builder
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
                .claim("authorization_response_iss_parameter_supported", true);
    }
}
