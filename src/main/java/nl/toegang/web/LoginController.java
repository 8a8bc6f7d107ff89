package nl.toegang.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.account.Account;
import nl.toegang.account.PasswordLogin;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.session.RealmRequestCache;
import nl.toegang.session.RealmSecurityContextRepository;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.RegisterSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The email + password login page of a realm. Works without JavaScript; answers a credential POST with 303 so a
 * reload never re-submits the password.
 */
@Controller
public class LoginController {
    private final RealmRegistry realms;
    private final PasswordLogin passwordLogin;
    private final RealmSecurityContextRepository contexts;
    private final RealmRequestCache requests;
    private final SessionAuthenticationStrategy sessionStrategy;
    private final Clock clock;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    public LoginController(RealmRegistry realms, PasswordLogin passwordLogin, RealmSecurityContextRepository contexts,
                           RealmRequestCache requests, SessionRegistry sessionRegistry, Clock clock) {
        this.realms = realms;
        this.passwordLogin = passwordLogin;
        this.contexts = contexts;
        this.requests = requests;
        this.clock = clock;
        // New session id at login (fixation), register the session for OIDC sid, fresh CSRF token.
        this.sessionStrategy = new CompositeSessionAuthenticationStrategy(List.of(
                new ChangeSessionIdAuthenticationStrategy(),
                new RegisterSessionAuthenticationStrategy(sessionRegistry),
                new CsrfAuthenticationStrategy(new HttpSessionCsrfTokenRepository())));
    }

    @GetMapping("/realms/{realm}/login")
    String loginPage(@PathVariable String realm, @RequestParam(required = false) String error,
                     @RequestParam(required = false) String unverified, Model model) {
        model.addAttribute("realmInfo", realm(realm));
        model.addAttribute("loginError", error != null);
        model.addAttribute("loginUnverified", unverified != null);
        return "login/login";
    }

    @PostMapping("/realms/{realm}/login")
    ResponseEntity<Void> login(@PathVariable String realm,
                               @RequestParam(defaultValue = "") String email,
                               @RequestParam(defaultValue = "") String password,
                               HttpServletRequest request, HttpServletResponse response,
                               RedirectAttributes redirect) {
        RealmDefinition definition = realm(realm);
        var outcome = passwordLogin.authenticate(definition.name(), email, password);
        if (outcome instanceof PasswordLogin.Outcome.Authenticated ok) {
            return signIn(definition, ok.account(), request, response);
        }
        redirect.addFlashAttribute("email", email);
        return outcome instanceof PasswordLogin.Outcome.EmailNotVerified
                ? seeOther("/realms/" + realm + "/login?unverified")
                : seeOther("/realms/" + realm + "/login?error");
    }

    @GetMapping("/realms/{realm}/")
    String home(@PathVariable String realm, Model model) {
        model.addAttribute("realmInfo", realm(realm));
        return "login/home";
    }

    private ResponseEntity<Void> signIn(RealmDefinition realm, Account account, HttpServletRequest request,
                                        HttpServletResponse response) {
        // ArrayList, not List.of: the authentication is stored as JSON with an allowlist of collection types.
        List<GrantedAuthority> authorities = new ArrayList<>(List.of(
                FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
                        .issuedAt(clock.instant()).build(),
                new SimpleGrantedAuthority("REALM_" + realm.name())));
        var principal = new User(account.id(), "", authorities);
        var authentication = UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
        sessionStrategy.onAuthentication(authentication, request, response);
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(authentication);
        holder.setContext(context);
        contexts.saveContext(context, request, response);

        SavedRequest saved = requests.getRequest(request, response);
        String target = saved != null ? saved.getRedirectUrl() : request.getContextPath() + "/realms/" + realm.name() + "/";
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(target)).build();
    }

    private RealmDefinition realm(String name) {
        return realms.find(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown realm"));
    }

    private static ResponseEntity<Void> seeOther(String location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(location)).build();
    }
}
