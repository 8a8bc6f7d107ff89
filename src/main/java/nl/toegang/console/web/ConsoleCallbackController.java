package nl.toegang.console.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.console.ConsolePaths;
import nl.toegang.console.ConsoleSignIn;
import nl.toegang.pages.RealmPages;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's redirect URI, {@code /realms/{realm}/account/callback}: completes the console's sign-in
 * ({@link ConsoleSignIn#finish}) and goes on to the console page it was started for. A callback that fails shows a
 * page with a way to start again, never a redirect loop or a stack trace; one refused because the realm is in
 * maintenance goes to the maintenance page.
 */
@Controller
public class ConsoleCallbackController {
    private static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";
    private final RealmPages pages;
    private final ConsoleSignIn signIn;

    public ConsoleCallbackController(RealmPages pages, ConsoleSignIn signIn) {
        this.pages = pages;
        this.signIn = signIn;
    }

    @GetMapping("/realms/{realm}/account/callback")
    Object callback(@PathVariable String realm, @RequestParam(required = false) String code,
                    @RequestParam(required = false) String state, @RequestParam(required = false) String error,
                    @RequestParam(required = false) String iss, HttpServletRequest request, HttpServletResponse response, Model model,
                    RedirectAttributes redirect) {
        pages.realm(realm, model);
        var outcome = signIn.finish(realm, state, code, error, iss, request);
        if (outcome instanceof ConsoleSignIn.SignedIn signedIn) {
            if (signedIn.reauthenticated()) {
                redirect.addFlashAttribute("notice", "console.signedInAgain");
            }
            return RealmPages.seeOther(signedIn.returnTo());
        }
        if (TEMPORARILY_UNAVAILABLE.equals(error)) {
            // The realm is in maintenance (the request above was forgotten either way): say so, with its message
            // and expected end, rather than that the page was opened twice.
            return RealmPages.seeOther("/realms/" + realm + "/maintenance");
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("retry", ConsolePaths.home(realm));
        return "account/console-failed";
    }
}
