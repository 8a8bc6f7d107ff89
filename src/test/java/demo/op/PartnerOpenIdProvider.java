package demo.op;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A partner organisation's OpenID Provider, as a partner would build one: plain Spring Authorization Server with a
 * form login, two registered clients (Toegang with client_secret_basic and a post-logout redirect URI, and Toegang
 * with private_key_jwt; both PKCE required, no consent page) and one person.
 * The only additions to the defaults are what a modern provider offers anyway: {@code iss} in the authorization
 * response with {@code authorization_response_iss_parameter_supported} in discovery (RFC 9207), and an {@code acr} and
 * profile claims in the ID token. Lives outside {@code nl.toegang} so Toegang's component scan never sees it; the
 * interop test starts it as its own application.
 */
@SpringBootApplication
public class PartnerOpenIdProvider {

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(as -> {
                    http.securityMatcher(as.getEndpointsMatcher());
                    as.oidc(oidc -> oidc.providerConfigurationEndpoint(p -> p.providerConfigurationCustomizer(
                                    c -> c.claim("authorization_response_iss_parameter_supported", true))))
                            .authorizationEndpoint(a -> a.authorizationResponseHandler((request, response, auth) -> {
                                var code = (OAuth2AuthorizationCodeRequestAuthenticationToken) auth;
                                Map<String, String> values = new LinkedHashMap<>();
                                values.put("code", code.getAuthorizationCode().getTokenValue());
                                values.put("state", code.getState());
                                values.put("iss", AuthorizationServerContextHolder.getContext().getIssuer());
                                var target = UriComponentsBuilder.fromUriString(code.getRedirectUri());
                                values.keySet().forEach(name -> target.queryParam(name, "{" + name + "}"));
                                response.sendRedirect(target.encode().buildAndExpand(values).toUriString());
                            }));
                })
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                .oauth2ResourceServer(rs -> rs.jwt(Customizer.withDefaults()));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain signIn(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.anyRequest().authenticated()).formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    UserDetailsService people(@Value("${partner.username}") String username,
                              @Value("${partner.password}") String password) {
        return new InMemoryUserDetailsManager(User.withUsername(username).password("{noop}" + password)
                .roles("STAFF").build());
    }

    /**
     * Toegang twice: {@code toegang} with client_secret_basic, and {@code toegang-jwt} with private_key_jwt, whose
     * public key the partner fetches from Toegang's JWKS for that upstream.
     */
    @Bean
    RegisteredClientRepository clients(@Value("${partner.redirect-uri}") String redirectUri,
                                       @Value("${partner.post-logout-redirect-uri}") String postLogoutRedirectUri,
                                       @Value("${partner.client-secret}") String secret,
                                       @Value("${partner.jwt-redirect-uri}") String jwtRedirectUri,
                                       @Value("${partner.jwt-jwks-url}") String jwksUrl) {
        RegisteredClient withSecret = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId("toegang")
                .clientSecret("{noop}" + secret)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(redirectUri)
                .postLogoutRedirectUri(postLogoutRedirectUri)
                .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE).scope(OidcScopes.EMAIL)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false)
                        .build())
                .build();
        RegisteredClient withKey = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId("toegang-jwt")
                .clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(jwtRedirectUri)
                .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE).scope(OidcScopes.EMAIL)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false)
                        .jwkSetUrl(jwksUrl).tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS256)
                        .build())
                .build();
        return new InMemoryRegisteredClientRepository(withSecret, withKey);
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims() {
        return context -> {
            if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                context.getClaims().claim("name", "Erik Partner").claim("email", "erik@partner.example")
                        .claim("email_verified", true).claim("acr", "urn:partner:loa:2");
            }
        };
    }

    @Bean
    JWKSource<SecurityContext> keys() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("partner-" + UUID.randomUUID()).generate();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    @Bean
    AuthorizationServerSettings settings(@Value("${partner.issuer}") String issuer) {
        return AuthorizationServerSettings.builder().issuer(issuer).build();
    }
}
