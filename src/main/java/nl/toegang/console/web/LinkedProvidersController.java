package nl.toegang.console.web;

import nl.toegang.account.Account;
import nl.toegang.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import nl.toegang.console.RecentSignIn;
import nl.toegang.federation.digid.UpstreamLinks;
import nl.toegang.federation.upstream.ConsoleLinking;
import nl.toegang.realm.UpstreamSettings;
import nl.toegang.pages.RealmPages;
import nl.toegang.realm.RealmDefinition;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Linking an upstream identity to the signed-in email account ({@code linking: console}: a CSRF-protected POST with
 * a recent sign-in, then the provider's login in this browser, {@link ConsoleLinking}), and removing the link of an
 * upstream provider from the account (docs/upstream.md "Linking policy"): asked once more on a page of its own, then
 * a CSRF-protected POST. Afterwards a login through that provider is the account-less
 * identity again (or offers the link anew, if the provider still asserts this address verified).
 */
@Controller
public class LinkedProvidersController {
    private final RealmPages pages;
    private final ConsoleUsers users;
    private final UpstreamLinks links;
    private final AuditLog audit;
    private final RecentSignIn recentSignIn;
    private final ConsoleLinking consoleLinking;

    public LinkedProvidersController(RealmPages pages, ConsoleUsers users, UpstreamLinks links, AuditLog audit,
                                     RecentSignIn recentSignIn, ConsoleLinking consoleLinking) {
        this.recentSignIn = recentSignIn;
        this.consoleLinking = consoleLinking;
        this.pages = pages;
        this.users = users;
        this.links = links;
        this.audit = audit;
    }

    /**
     * "Link your eID": only for an upstream the realm file lets people link here, only without a link to it yet,
     * only after a recent sign-in (taking over a left-open browser must not let someone attach their own eID).
     */
    @PostMapping("/realms/{realm}/account/links/{upstream}/link")
    Object link(@PathVariable String realm, @PathVariable String upstream, Authentication authentication,
                HttpServletRequest request, Model model, RedirectAttributes redirect) {
        RealmDefinition definition = pages.realm(realm, model);
        Account account = users.account(definition, authentication);
        UpstreamSettings settings = definition.upstream(upstream).filter(ConsoleLinking::allowed)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        if (links.linksOf(realm, account.id()).stream().anyMatch(l -> l.upstream().equals(upstream))) {
            redirect.addFlashAttribute("notice", "account.links.accountHasLink");
            return RealmPages.seeOther("/realms/" + realm + "/account#notice");
        }
        recentSignIn.require(realm, request);
        return RealmPages.seeOther(consoleLinking.begin(definition, settings, account.id(), request));
    }

    /** The link button's address opened by GET (a refused stale form comes back here): the console page. */
    @GetMapping("/realms/{realm}/account/links/{upstream}/link")
    Object linkPage(@PathVariable String realm, @PathVariable String upstream, Model model) {
        pages.realm(realm, model);
        return RealmPages.seeOther("/realms/" + realm + "/account");
    }

    @GetMapping("/realms/{realm}/account/links/{upstream}/remove")
    String confirmRemove(@PathVariable String realm, @PathVariable String upstream, Authentication authentication,
                         Model model) {
        RealmDefinition definition = pages.realm(realm, model);
        users.account(definition, authentication);
        String name = providerName(definition, upstream);
        model.addAttribute("confirmHeading", pages.message("account.links.removeTitle", name));
        model.addAttribute("confirmText", pages.message("account.links.removeText", name));
        model.addAttribute("confirmAction", "/realms/" + realm + "/account/links/" + upstream + "/remove");
        model.addAttribute("confirmYes", pages.message("account.links.removeYes"));
        model.addAttribute("cancelUrl", "/realms/" + realm + "/account");
        return "account/confirm";
    }

    @PostMapping("/realms/{realm}/account/links/{upstream}/remove")
    Object remove(@PathVariable String realm, @PathVariable String upstream,
                  @RequestParam(defaultValue = "") String confirmed, Authentication authentication, Model model,
                  RedirectAttributes redirect) {
        RealmDefinition definition = pages.realm(realm, model);
        Account account = users.account(definition, authentication);
        providerName(definition, upstream);
        if (!"yes".equals(confirmed)) {
            return RealmPages.seeOther("/realms/" + realm + "/account/links/" + upstream + "/remove");
        }
        if (links.unlink(realm, account.id(), upstream)) {
            audit.event(realm, "upstream-unlink", "success").account(account.id()).reason(upstream).record();
        }
        redirect.addFlashAttribute("notice", "account.links.removed");
        return RealmPages.seeOther("/realms/" + realm + "/account#notice");
    }

    /** The provider's display name; 404 for an id the realm file does not name. */
    private String providerName(RealmDefinition realm, String upstream) {
        return realm.upstream(upstream).map(u -> u.displayName().in(
                        org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
