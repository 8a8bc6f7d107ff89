package nl.toegang.oidc.logout;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.realm.ClientDefinition;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.session.RealmLogout;
import nl.toegang.pages.RealmPages;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
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
        RealmDefinition definition = pages.realm(realm, model);
        if (RealmLogout.current(realm).isEmpty()) {
            Optional<String> target = completion.registeredTarget(realm, clientId, postLogoutRedirectUri, state);
            if (target.isPresent()) {
                return RealmPages.seeOther(target.get()); // nothing to end: no question to ask
            }
            signedOutPage(definition, clientId, model);
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
        RealmDefinition definition = pages.realm(realm);
        Optional<String> target = completion.registeredTarget(realm, clientId, postLogoutRedirectUri, state);
        if (target.isEmpty() && postLogoutRedirectUri == null && clientId != null
                && definition.client(clientId).flatMap(ClientDefinition::homeUri).isPresent()) {
            // A sign-out that named its portal but no URI (the console's "Sign out"): our signed-out page, which
            // offers the way back to that portal. A wrong URI gets the plain signed-out page, as before.
            target = Optional.of(request.getContextPath() + "/realms/" + realm + "/logout/done?client_id="
                    + UriUtils.encodeQueryParam(clientId, StandardCharsets.UTF_8));
        }
        completion.complete(realm, "confirmed", target, request, response);
    }

    /**
     * "You are signed out", with the next steps: sign in again, and "Back to {portal}" when {@code client_id} names
     * a client of the realm with a registered URI to go back to ({@link ClientDefinition#homeUri()}); a URI is
     * never taken from the request.
     */
    @GetMapping("/realms/{realm}/logout/done")
    String done(@PathVariable String realm, @RequestParam(name = "client_id", required = false) String clientId,
                Model model) {
        signedOutPage(pages.realm(realm, model), clientId, model);
        return "logout/signed-out";
    }

    private static void signedOutPage(RealmDefinition realm, String clientId, Model model) {
        if (clientId == null) {
            return;
        }
        realm.client(clientId).ifPresent(client -> client.homeUri().ifPresent(uri -> {
            model.addAttribute("portalName", client.name());
            model.addAttribute("portalUri", uri);
        }));
    }
}
