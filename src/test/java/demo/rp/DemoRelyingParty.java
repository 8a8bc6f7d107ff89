package demo.rp;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A portal app as a portal team would write it: plain Spring Security OAuth2 Client against Toegang's discovery.
 * Lives outside the nl.toegang package so Toegang's component scan never sees it. Also the code sample in
 * docs/integration-guide.md.
 */
@SpringBootApplication
public class DemoRelyingParty {

    @Bean
    SecurityFilterChain security(HttpSecurity http, ClientRegistrationRepository registrations) throws Exception {
        var resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .oauth2Login(login -> login.authorizationEndpoint(e -> e.authorizationRequestResolver(resolver)))
                .oauth2Client(Customizer.withDefaults());
        return http.build();
    }

    @RestController
    static class Me {
        @GetMapping("/")
        String me(@AuthenticationPrincipal OidcUser user) {
            return "sub=" + user.getSubject() + "\nemail=" + user.getEmail() + "\nacr="
                    + user.getIdToken().getClaimAsString("acr") + "\niss=" + user.getIdToken().getIssuer();
        }
    }
}
