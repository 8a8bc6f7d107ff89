package nl.toegang.admin;

import nl.toegang.account.StaffRoles;
import nl.toegang.config.PublicUrl;
import nl.toegang.oidc.keys.RealmKeyService;
import nl.toegang.pages.SecurityHeaders;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrorCodes;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The admin API ({@code /admin/**}): stateless, Bearer access tokens from realm {@code admin} only, and a role from
 * the token's {@code roles} claim that the realm file still grants. {@link AdminCallers} checks every call against
 * the revocation list and the realm file (401 when the token was revoked or its client removed); which role may do
 * what is {@link StaffAction}'s table, checked per endpoint by {@link StaffActionInterceptor}. No cookies, no
 * sessions, no CSRF token needed because a browser never attaches the Bearer token by itself.
 */
@Configuration(proxyBeanMethods = false)
public class AdminSecurityConfiguration {
    @Bean
    @ConditionalOnWebApplication
    @Order(0)
    SecurityFilterChain adminApiChain(HttpSecurity http, RealmKeyService keys, PublicUrl publicUrl,
                                      AdminCallers callers) throws Exception {
        http.securityMatcher("/admin/**")
                .authorizeHttpRequests(a -> a.anyRequest().hasAnyRole(StaffRoles.ADMIN, StaffRoles.SUPPORT))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .oauth2ResourceServer(rs -> rs.jwt(jwt -> jwt
                        .decoder(new AdminTokenDecoder(keys, publicUrl))
                        .jwtAuthenticationConverter(token -> authenticate(callers, token)))
                        .authenticationEntryPoint(AdminApiRefusals.unauthenticated())
                        .accessDeniedHandler(AdminApiRefusals.forbidden()))
                .exceptionHandling(e -> e.authenticationEntryPoint(AdminApiRefusals.unauthenticated())
                        .accessDeniedHandler(AdminApiRefusals.forbidden()))
                .headers(SecurityHeaders::apply);
        return http.build();
    }

    /** Runs on every call (nothing is cached): a revoked token or a removed client is a 401 at once. */
    private static AbstractAuthenticationToken authenticate(AdminCallers callers, Jwt jwt) {
        AdminCallers.Caller caller = callers.check(jwt);
        if (caller instanceof AdminCallers.Caller.Known known) {
            return new JwtAuthenticationToken(jwt, known.roles().stream()
                    .map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList(), known.clientId());
        }
        throw new OAuth2AuthenticationException(new BearerTokenError(BearerTokenErrorCodes.INVALID_TOKEN,
                HttpStatus.UNAUTHORIZED, ((AdminCallers.Caller.Refused) caller).why(), null));
    }
}
