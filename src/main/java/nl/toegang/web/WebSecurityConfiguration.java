package nl.toegang.web;

import nl.toegang.pages.StaleFormHandler;
import nl.toegang.pages.SecurityHeaders;
import nl.toegang.console.ConsoleLogins;
import nl.toegang.console.ConsoleSignIn;
import nl.toegang.console.ConsoleLoginFilter;
import nl.toegang.session.RealmLoginEntryPoint;
import nl.toegang.session.RealmRequestCache;
import nl.toegang.account.AccountRepository;
import nl.toegang.session.RealmSecurityContextRepository;
import nl.toegang.session.SessionValidityFilter;
import nl.toegang.session.SsoSessionEndings;
import nl.toegang.session.RealmSignIn;
import nl.toegang.realm.RealmRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;

import java.time.Clock;

/**
 * Pages for people: login, registration, password reset, account and error pages. Protocol endpoints have their own
 * chain in the oidc package.
 */
@Configuration(proxyBeanMethods = false)
public class WebSecurityConfiguration {

    @Bean
    @ConditionalOnWebApplication
    @Order(2)
    SecurityFilterChain pagesChain(HttpSecurity http, RealmSecurityContextRepository contexts,
                                   RealmRequestCache requests, AccountRepository accounts, RealmRegistry realms,
                                   SsoSessionEndings endings, RealmSignIn signIn, ConsoleLogins consoleLogins,
                                   ConsoleSignIn consoleSignIn, Clock clock)
            throws Exception {
        http.authorizeHttpRequests(a -> a
                        // The console's redirect URI: checks state, code and ID token itself (console).
                        .requestMatchers("/realms/*/account/callback").permitAll()
                        .requestMatchers("/realms/*/account", "/realms/*/account/**").authenticated()
                        // Roles and the second factor are checked by admin.web.StaffAccess on every request.
                        .requestMatchers("/realms/admin/support", "/realms/admin/support/**").authenticated()
                        .anyRequest().permitAll())
                .addFilterAfter(new SessionValidityFilter(accounts, contexts, realms, endings, signIn, clock), SecurityContextHolderFilter.class)
                // Console pages need the console's own OIDC login; without it, the authorization endpoint first.
                .addFilterBefore(new ConsoleLoginFilter(consoleLogins, consoleSignIn, realms), AuthorizationFilter.class)
                .securityContext(sc -> sc.securityContextRepository(contexts))
                .requestCache(rc -> rc.requestCache(requests))
                .exceptionHandling(e -> e.authenticationEntryPoint(new RealmLoginEntryPoint())
                        .accessDeniedHandler(new StaleFormHandler()))
                .headers(SecurityHeaders::apply)
                // The ACS refuses POSTed SAMLResponses itself with a clear page; CSRF would hide that behind a 403.
                // SLO endpoints (ours and the mock IdP's) receive cross-site POSTs from the other party; the
                // signature is the check there.
                .csrf(c -> c.ignoringRequestMatchers("/realms/*/saml/acs", "/realms/*/saml/slo",
                                "/realms/*/saml/slo/soap", "/mock-digid/slo")
                        // An upstream IdP's answer: bound by RelayState and InResponseTo to this browser's login.
                        .ignoringRequestMatchers("/realms/*/upstream/*/saml/acs")
                        // An upstream IdP's single logout message: its signature is the check, and an answer is
                        // bound by RelayState and InResponseTo to the logout this browser started.
                        .ignoringRequestMatchers("/realms/*/upstream/*/saml/slo")
                        // A POST-binding AuthnRequest to the mock IdP comes from our own form without our token.
                        .ignoringRequestMatchers(request -> "POST".equals(request.getMethod())
                                && (request.getRequestURI().equals(request.getContextPath() + "/mock-digid/sso")
                                || request.getRequestURI().equals(request.getContextPath() + "/mock-eidas/sso"))
                                && request.getParameter("SAMLRequest") != null))
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable);
        return http.build();
    }
}
