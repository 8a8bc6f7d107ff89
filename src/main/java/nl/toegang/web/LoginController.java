package nl.toegang.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.account.Account;
import nl.toegang.account.PasswordLogin;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.session.RealmSignIn;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.net.URI;
import java.util.List;

/**
 * The email + password login page of a realm. Works without JavaScript; answers a credential POST with 303 so a
 * reload never re-submits the password.
 */
@Controller
public class LoginController {
    private final RealmRegistry realms;
    private final PasswordLogin passwordLogin;
    private final RealmSignIn signIn;

    public LoginController(RealmRegistry realms, PasswordLogin passwordLogin, RealmSignIn signIn) {
        this.realms = realms;
        this.passwordLogin = passwordLogin;
        this.signIn = signIn;
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
        String target = signIn.signIn(realm.name(), account.id(),
                List.of(signIn.factor(FactorGrantedAuthority.PASSWORD_AUTHORITY)), request, response);
        return seeOther(target);
    }

    private RealmDefinition realm(String name) {
        return realms.find(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown realm"));
    }

    private static ResponseEntity<Void> seeOther(String location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(location)).build();
    }
}
