package nl.toegang.oidc;

import nl.toegang.account.AccountRepository;
import nl.toegang.account.AccountKeys;
import nl.toegang.mfa.PendingLogins;
import nl.toegang.mfa.SecondFactors;
import nl.toegang.oidc.par.PushedParameters;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.session.RealmRequestCache;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;

import java.time.Clock;

/** The authorization-request check as a bean for the authorization-server chain, and only there. */
@Configuration(proxyBeanMethods = false)
public class AuthorizationRequirementConfiguration {

    @Bean
    AuthorizationRequirementFilter authorizationRequirementFilter(RealmRegistry realms, AccountRepository accounts,
                                                                  SecondFactors secondFactors,
                                                                  PendingLogins pendingLogins,
                                                                  RealmRequestCache requests, AccountKeys accountKeys,
                                                                  OAuth2AuthorizationService authorizations,
                                                                  Clock clock) {
        return new AuthorizationRequirementFilter(realms, accounts, secondFactors, pendingLogins, requests,
                accountKeys, new PushedParameters(authorizations), clock);
    }

    /** Not a servlet filter for every request: it belongs in the security chain after the context is loaded. */
    @Bean
    FilterRegistrationBean<AuthorizationRequirementFilter> authorizationRequirementFilterRegistration(
            AuthorizationRequirementFilter filter) {
        var registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }
}
