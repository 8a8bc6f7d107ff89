package nl.toegang.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** Explains that signing in needs cookies, and how to allow them, instead of failing without a word. */
@Controller
public class CookiesRequiredController {
    private final RealmPages pages;

    public CookiesRequiredController(RealmPages pages) {
        this.pages = pages;
    }

    @GetMapping("/realms/{realm}/cookies-required")
    String page(@PathVariable String realm, Model model) {
        pages.realm(realm, model);
        return "login/cookies-required";
    }
}
