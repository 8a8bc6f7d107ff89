package nl.toegang.oidc;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import nl.toegang.account.AccountRepository;
import nl.toegang.config.PublicUrl;
import nl.toegang.config.ToegangProperties;
import nl.toegang.crypto.KeyedHash;
import nl.toegang.crypto.MasterKey;
import nl.toegang.federation.digid.FederatedIdentities;
import nl.toegang.oidc.AuthorizationRequirementFilter;
import nl.toegang.oidc.dpop.DpopProofVerifier;
import nl.toegang.oidc.dpop.DpopResourceFilter;
import nl.toegang.oidc.dpop.DpopTokenRequestGuard;
import nl.toegang.oidc.keys.JdbcRealmKeyService;
import nl.toegang.oidc.par.PushedAuthorizationResponse;
import nl.toegang.oidc.par.PushedParameters;
import nl.toegang.oidc.par.PushedRequestStore;
import nl.toegang.oidc.par.PushedRequestConversion;
import nl.toegang.oidc.par.PushedRequestRequirementFilter;
import nl.toegang.oidc.keys.RealmKeyService;
import nl.toegang.oidc.logout.IdTokenHintLogout;
import nl.toegang.oidc.logout.IdTokenHints;
import nl.toegang.oidc.logout.LogoutCompletion;
import nl.toegang.oidc.logout.RpInitiatedLogoutHandlers;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.session.RealmLoginEntryPoint;
import nl.toegang.session.RealmRequestCache;
import nl.toegang.session.RealmSecurityContextRepository;
import nl.toegang.session.SessionValidityFilter;
import nl.toegang.session.SsoSessionEndings;
import nl.toegang.session.RealmSignIn;
import nl.toegang.pages.SecurityHeaders;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationConverter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * The OAuth 2.0 / OpenID Connect endpoints of every realm, on Spring Authorization Server in multi-issuer mode:
 * {@code /realms/{realm}/oauth2/...}, {@code /realms/{realm}/.well-known/openid-configuration}, and so on.
 */
@Configuration(proxyBeanMethods = false)
public class OidcConfiguration {

    @Bean
    AuthorizationServerSettings authorizationServerSettings() {
        // No fixed issuer: each realm has its own, set by RealmIssuerFilter from the public URL.
        return AuthorizationServerSettings.builder().multipleIssuersAllowed(true).build();
    }

    @Bean
    PasswordEncoder clientSecretEncoder(KeyedHash clientSecretHash) {
        return new ClientSecretEncoder(clientSecretHash);
    }

    @Bean
    RealmClientRepository registeredClientRepository(RealmRegistry realms, PasswordEncoder clientSecretEncoder,
                                                     PublicUrl publicUrl) {
        return new RealmClientRepository(realms, clientSecretEncoder, publicUrl);
    }

    /**
     * The only {@link OAuth2AuthorizationService}: what Spring Authorization Server and every request-time caller use.
     * The store under it is no bean, so nothing can reach authorizations without a realm.
     */
    @Bean
    RealmIsolatedAuthorizations authorizationService(JdbcTemplate jdbcTemplate, JdbcClient jdbc,
                                                     RealmClientRepository clients, Clock clock,
                                                     ClientCredentialsTokens clientCredentialsTokens,
                                                     StoredTokenValues storedTokenValues,
                                                     AuthorizingSessions authorizingSessions) {
        var jdbcStore = new JdbcOAuth2AuthorizationService(jdbcTemplate, clients);
        JsonMapper json = AuthorizationJson.mapper();
        jdbcStore.setAuthorizationRowMapper(new JdbcOAuth2AuthorizationService.JsonMapperOAuth2AuthorizationRowMapper(
                clients, json));
        jdbcStore.setAuthorizationParametersMapper(
                new JdbcOAuth2AuthorizationService.JsonMapperOAuth2AuthorizationParametersMapper(json));
        var hashed = new HashedTokenStore(jdbcStore, storedTokenValues);
        return new RealmIsolatedAuthorizations(new StoredAuthorizations(hashed, clientCredentialsTokens,
                new PushedRequestStore(hashed, jdbc, clock), authorizingSessions));
    }

    @Bean
    AuthorizingSessions authorizingSessions(MasterKey masterKey, SessionRegistry sessionRegistry) {
        return new AuthorizingSessions(new SealedSessionIds(masterKey), sessionRegistry);
    }

    @Bean
    RotatedRefreshTokens rotatedRefreshTokens(JdbcClient jdbc, StoredTokenValues storedTokenValues, Clock clock) {
        return new RotatedRefreshTokens(jdbc, storedTokenValues, clock);
    }

    @Bean
    StoredTokenValues storedTokenValues(MasterKey masterKey) {
        return StoredTokenValues.derivedFrom(masterKey);
    }

    @Bean
    ClientCredentialsTokens clientCredentialsTokens(JwtDecoder jwtDecoder, RealmClientRepository clients,
                                                    JdbcClient jdbc, Clock clock) {
        return new ClientCredentialsTokens(jwtDecoder, clients, jdbc, clock);
    }

    @Bean
    OAuth2AuthorizationConsentService authorizationConsentService(JdbcTemplate jdbcTemplate,
                                                                  RealmClientRepository clients) {
        return new JdbcOAuth2AuthorizationConsentService(jdbcTemplate, clients);
    }

    @Bean
    RealmKeyService realmKeyService(JdbcClient jdbc, TransactionTemplate transaction, MasterKey masterKey, Clock clock,
                                    ToegangProperties properties) {
        return new JdbcRealmKeyService(jdbc, transaction, masterKey, clock, properties.keyCacheTtl());
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(RealmKeyService keys) {
        return new RealmJwkSource(keys);
    }

    @Bean
    JwtEncoder jwtEncoder(RealmKeyService keys) {
        return new RealmJwtEncoder(keys);
    }

    @Bean
    JwtDecoder jwtDecoder(RealmKeyService keys, PublicUrl publicUrl) {
        return new RealmJwtDecoder(keys, publicUrl);
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> tokenClaimsCustomizer(RealmRegistry realms, RealmKeyService keys,
                                                                    SecureRandom random,
                                                                    FederatedTokenClaims federatedClaims,
                                                                    SubjectIdentifiers subjects,
                                                                    AuthorizingSessions authorizingSessions) {
        return new TokenClaimsCustomizer(realms, keys, random, federatedClaims, subjects, authorizingSessions);
    }

    @Bean
    FederatedTokenClaims federatedTokenClaims(FederatedIdentities identities) {
        return new FederatedTokenClaims(identities);
    }

    @Bean
    SubjectIdentifiers subjectIdentifiers(RealmRegistry realms, MasterKey masterKey) {
        return new SubjectIdentifiers(realms, new PairwiseSubject(masterKey));
    }

    @Bean
    ClientAssertionDecoderFactory clientAssertionDecoderFactory(PublicUrl publicUrl, JdbcClient jdbc, Clock clock) {
        return new ClientAssertionDecoderFactory(publicUrl, jdbc, clock);
    }

    @Bean
    RealmSecurityContextRepository realmSecurityContextRepository(RealmRegistry realms) {
        return new RealmSecurityContextRepository(realms);
    }

    @Bean
    RealmRequestCache realmRequestCache(RealmRegistry realms) {
        return new RealmRequestCache(realms);
    }

    @Bean
    @ConditionalOnWebApplication
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http, RealmRegistry realms, PublicUrl publicUrl,
                                                 AuthorizationServerSettings settings,
                                                 RealmSecurityContextRepository contexts, RealmRequestCache requests,
                                                 ClientAssertionDecoderFactory clientAssertions,
                                                 AccountRepository accounts,
                                                 SubjectIdentifiers subjects,
                                                 AuthorizationRequirementFilter authorizationRequirements,
                                                 LogoutCompletion logoutCompletion, IdTokenHints idTokenHints,
                                                 SsoSessionEndings endings, RealmSignIn signIn,
                                                 DpopProofVerifier dpop, RealmIsolatedAuthorizations authorizations,
                                                 RotatedRefreshTokens rotatedRefreshTokens, JdbcClient jdbc,
                                                 TransactionTemplate transaction, JwtDecoder jwtDecoder, Clock clock,
                                                 FederatedIdentities federatedIdentities)
            throws Exception {
        var sessionValidity = new SessionValidityFilter(accounts, contexts, realms, endings, signIn, clock);
        var realmIssuer = new RealmIssuerFilter(realms, publicUrl, settings);
        var pushed = new PushedParameters(authorizations);
        http.oauth2AuthorizationServer(as -> {
                    http.securityMatcher(as.getEndpointsMatcher());
                    as.oidc(oidc -> oidc
                                    .providerConfigurationEndpoint(p -> p.providerConfigurationCustomizer(
                                            DiscoveryDocument.customizer(realms)))
                                    .userInfoEndpoint(u -> u.userInfoMapper(
                                            new UserInfoClaims(accounts, subjects, federatedIdentities)))
                                    // Ends only this realm's session, publishes SsoSessionEnded, chains into DigiD
                                    // SLO; no valid id_token_hint: ask the user instead of an error (oidc.logout).
                                    // Every ID token of the session counts as hint, not only the last one stored.
                                    .logoutEndpoint(l -> l
                                            .authenticationProviders(providers -> providers.replaceAll(p ->
                                                    p instanceof OidcLogoutAuthenticationProvider
                                                            ? new IdTokenHintLogout(idTokenHints) : p))
                                            .logoutResponseHandler(RpInitiatedLogoutHandlers.success(logoutCompletion))
                                            .errorResponseHandler(RpInitiatedLogoutHandlers.failure())))
                            .authorizationServerMetadataEndpoint(m -> m.authorizationServerMetadataCustomizer(
                                    DiscoveryDocument.metadataCustomizer(realms)))
                            .tokenIntrospectionEndpoint(i -> i.authenticationProviders(providers ->
                                    providers.replaceAll(p -> new IntrospectionAccessCheck(
                                            new RefreshTokenReuse.Elsewhere(p, rotatedRefreshTokens)))))
                            .tokenRevocationEndpoint(r -> r.authenticationProviders(providers ->
                                    providers.replaceAll(p -> new RefreshTokenReuse.Elsewhere(p,
                                            rotatedRefreshTokens))))
                            .pushedAuthorizationRequestEndpoint(par -> par
                                    .pushedAuthorizationRequestConverters(converters -> {
                                        var all = List.copyOf(converters);
                                        converters.clear();
                                        converters.add(new PushedRequestConversion(
                                                new DelegatingAuthenticationConverter(all)));
                                    })
                                    .pushedAuthorizationResponseHandler(new PushedAuthorizationResponse()))
                            .tokenEndpoint(t -> t.accessTokenResponseHandler(new IdTokenEncryption(realms))
                                    .authenticationProviders(providers -> providers.replaceAll(p ->
                                            new DpopTokenRequestGuard(withGrantRules(p, authorizations,
                                                    rotatedRefreshTokens, jdbc, transaction, clock),
                                                    dpop, realms, publicUrl, authorizations))))
                            .authorizationEndpoint(a -> a
                                    .authorizationResponseHandler(AuthorizationResponseHandlers.success())
                                    .errorResponseHandler(AuthorizationResponseHandlers.failure()))
                            .clientAuthentication(c -> c.authenticationProviders(providers -> providers.forEach(p -> {
                                if (p instanceof JwtClientAssertionAuthenticationProvider jwt) {
                                    jwt.setJwtDecoderFactory(clientAssertions);
                                }
                            })));
                })
                // prompt=none must reach SAS without a session, which answers login_required to the client instead of
                // showing a page (since 7.0 this authorization rule runs before the authorization endpoint). A pushed
                // request's prompt counts, not the query's (RFC 9126 §4).
                .authorizeHttpRequests(a -> a.requestMatchers(request -> silentAuthorization(request, pushed))
                        .permitAll()
                        .anyRequest().authenticated())
                .securityContext(sc -> sc.securityContextRepository(contexts))
                .requestCache(rc -> rc.requestCache(requests))
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(new RealmLoginEntryPoint(),
                        request -> request.getRequestURI().endsWith("/oauth2/authorize")))
                .oauth2ResourceServer(rs -> rs.jwt(Customizer.withDefaults()))
                .headers(SecurityHeaders::apply)
                .addFilterAfter(realmIssuer, HeaderWriterFilter.class)
                // all need the realm context that RealmIssuerFilter sets; same-place filters run in this order.
                // Malformed bodies and mixed client authentication are refused before anything reads them.
                .addFilterAfter(new SingleClientAuthentication(), RealmIssuerFilter.class)
                .addFilterAfter(new UnsupportedRequestFeatures(realms), RealmIssuerFilter.class)
                .addFilterAfter(new PushedRequestRequirementFilter(realms), RealmIssuerFilter.class)
                .addFilterAfter(new ClientAssertionClientId(), RealmIssuerFilter.class)
                .addFilterAfter(new DpopResourceFilter(dpop, jwtDecoder, publicUrl), RealmIssuerFilter.class)
                .addFilterAfter(sessionValidity, SecurityContextHolderFilter.class)
                // prompt=login, max_age, acr_values and client MFA policy: SAS does not handle them (mfa.login).
                // After the realm issuer is set: with prompt=none it answers the client, with iss.
                .addFilterAfter(authorizationRequirements, RealmIssuerFilter.class);
        return http.build();
    }

    /**
     * Toegang's rules of the code and refresh grants around Spring's providers: a code is redeemed once and a refresh
     * token rotated once, also across nodes; the ID token's {@code sid} is the authorizing session's, named by
     * {@link TokenClaimsCustomizer} instead of Spring's guess.
     */
    private static AuthenticationProvider withGrantRules(AuthenticationProvider provider,
                                                         RealmIsolatedAuthorizations authorizations,
                                                         RotatedRefreshTokens rotated, JdbcClient jdbc,
                                                         TransactionTemplate transaction, Clock clock) {
        if (provider instanceof OAuth2AuthorizationCodeAuthenticationProvider code) {
            AuthorizingSessions.withoutSpringsGuess(code);
            return new SingleUseCodes(code, authorizations, jdbc, transaction, clock);
        }
        if (provider instanceof OAuth2RefreshTokenAuthenticationProvider) {
            return new RefreshTokenReuse(provider, authorizations, rotated, transaction, jdbc);
        }
        return provider;
    }

    static boolean silentAuthorization(jakarta.servlet.http.HttpServletRequest request, PushedParameters pushed) {
        if (!request.getRequestURI().endsWith("/oauth2/authorize")) {
            return false;
        }
        String prompt = pushed.of(request).get("prompt");
        return prompt != null && java.util.Arrays.asList(prompt.trim().split("\\s+")).contains("none");
    }

    /** Only the grant types Toegang supports, so discovery never advertises what the server refuses. */
    static final List<String> GRANT_TYPES = List.of("authorization_code", "refresh_token", "client_credentials");
}
