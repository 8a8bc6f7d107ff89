package nl.toegang.pages;

import jakarta.servlet.http.HttpServletRequest;
import nl.toegang.realm.RealmDefinition;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/** Explains that signing in needs cookies, and how to allow them, instead of failing without a word. */
@Controller
public class CookiesRequiredController {
    /** A page of the realm to go back to: letters, digits, hyphens and slashes only (no other host, no query). */
    private static final Pattern PAGE = Pattern.compile("/realms/[a-z0-9-]+(/[a-z0-9-]+)*");

    private final RealmPages pages;

    public CookiesRequiredController(RealmPages pages) {
        this.pages = pages;
    }

    @GetMapping("/realms/{realm}/cookies-required")
    String page(@PathVariable String realm, @RequestParam(required = false) String resume,
                HttpServletRequest request, Model model) {
        RealmDefinition definition = pages.realm(realm, model);
        model.addAttribute("retry", ResumeTarget.of(resume, definition.name(), request.getContextPath())
                .orElse(request.getContextPath() + "/realms/" + definition.name() + "/login"));
        return "login/cookies-required";
    }

    /**
     * Second half of the cookie test started by {@link StaleFormHandler}: the test cookie came back, so cookies work
     * and the form had only gone stale (cookies cleared, session expired): back to the page with the explanation.
     * Otherwise cookies are blocked: the page that says how to allow them.
     */
    @GetMapping("/realms/{realm}/cookies-check")
    String check(@PathVariable String realm, @RequestParam(defaultValue = "") String page,
                 @RequestParam(required = false) String resume, HttpServletRequest request, Model model) {
        RealmDefinition definition = pages.realm(realm, model);
        String context = request.getContextPath();
        var target = ResumeTarget.of(resume, definition.name(), context);
        boolean cookiesWork = request.getCookies() != null && Arrays.stream(request.getCookies())
                .anyMatch(c -> StaleFormHandler.CHECK_COOKIE.equals(c.getName()));
        if (!cookiesWork) {
            model.addAttribute("retry", target.orElse(context + "/realms/" + definition.name() + "/login"));
            return "login/cookies-required";
        }
        String back = PAGE.matcher(page).matches() && page.startsWith("/realms/" + definition.name() + "/")
                ? page : "/realms/" + definition.name() + "/login";
        return "redirect:" + context + back + "?expired"
                + target.map(t -> "&resume=" + URLEncoder.encode(t, StandardCharsets.UTF_8)).orElse("");
    }
}
