package nl.toegang.oidc.logout;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.session.RealmLogout;
import nl.toegang.pages.RealmPages;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.Optional;

/**
 * "Do you want to sign out of {realm}?": where an end-session request without a valid id_token_hint lands. Nothing
 * ends until the user confirms with a CSRF-protected POST. Afterwards the browser only goes back to a relying party
 * that named itself ({@code client_id}) and registered that exact {@code post_logout_redirect_uri}.
 */
@Controller
public class LogoutConfirmationController {
    private final RealmPages pages;
    private final LogoutCompletion completion;

    public LogoutConfirmationController(RealmPages pages, LogoutCompletion completion) {
        this.pages = pages;
        this.completion = completion;
    }

    @GetMapping("/realms/{realm}/logout")
    Object ask(@PathVariable String realm,
               @RequestParam(name = "client_id", required = false) String clientId,
               @RequestParam(name = "post_logout_redirect_uri", required = false) String postLogoutRedirectUri,
               @RequestParam(name = "state", required = false) String state, Model model) {
        pages.realm(realm, model);
        if (RealmLogout.current(realm).isEmpty()) {
            Optional<String> target = completion.registeredTarget(realm, clientId, postLogoutRedirectUri, state);
            if (target.isPresent()) {
                return RealmPages.seeOther(target.get()); // nothing to end: no question to ask
            }
            return "logout/signed-out";
        }
        model.addAttribute("clientId", clientId);
        model.addAttribute("postLogoutRedirectUri", postLogoutRedirectUri);
        model.addAttribute("state", state);
        return "logout/confirm";
    }

    @PostMapping("/realms/{realm}/logout")
    void confirmed(@PathVariable String realm,
                   @RequestParam(name = "client_id", required = false) String clientId,
                   @RequestParam(name = "post_logout_redirect_uri", required = false) String postLogoutRedirectUri,
                   @RequestParam(name = "state", required = false) String state,
                   HttpServletRequest request, HttpServletResponse response) {
        pages.realm(realm);
        completion.complete(realm, "confirmed",
                completion.registeredTarget(realm, clientId, postLogoutRedirectUri, state), request, response);
    }

    @GetMapping("/realms/{realm}/logout/done")
    String done(@PathVariable String realm, Model model) {
        pages.realm(realm, model);
        return "logout/signed-out";
    }
}
