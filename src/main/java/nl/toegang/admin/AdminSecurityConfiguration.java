package nl.toegang.admin;

import nl.toegang.config.PublicUrl;
import nl.toegang.oidc.keys.RealmKeyService;
import nl.toegang.web.SecurityHeaders;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The admin API ({@code /admin/**}): stateless, Bearer access tokens from realm {@code admin} only, and a role from
 * the token's {@code roles} claim (set from the client's realm-file entry). No cookies, no sessions, no CSRF token
 * needed because a browser never attaches the Bearer token by itself.
 */
@Configuration(proxyBeanMethods = false)
public class AdminSecurityConfiguration {
    static final String ROLE_ADMIN = "admin";
    static final String ROLE_SUPPORT = "support";

    @Bean
    @ConditionalOnWebApplication
    @Order(0)
    SecurityFilterChain adminApiChain(HttpSecurity http, RealmKeyService keys, PublicUrl publicUrl) throws Exception {
        var roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("roles");
        roles.setAuthorityPrefix("ROLE_");
        var authentication = new JwtAuthenticationConverter();
        authentication.setJwtGrantedAuthoritiesConverter(roles);

        http.securityMatcher("/admin/**")
                .authorizeHttpRequests(a -> a.anyRequest().hasAnyRole(ROLE_ADMIN, ROLE_SUPPORT))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .oauth2ResourceServer(rs -> rs.jwt(jwt -> jwt
                        .decoder(new AdminTokenDecoder(keys, publicUrl))
                        .jwtAuthenticationConverter(authentication)))
                .headers(SecurityHeaders::apply);
        return http.build();
    }
}
