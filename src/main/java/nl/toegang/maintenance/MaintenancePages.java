package nl.toegang.maintenance;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.realm.Maintenance;
import nl.toegang.realm.RealmPaths;
import nl.toegang.pages.LanguageLinksAdvice;
import nl.toegang.pages.RealmPages;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.Locale;
import java.util.Optional;

/**
 * The maintenance page (503 with Retry-After) and the notice every realm page shows during maintenance. The page
 * shows the realm's own message and the expected end in local time, links the status page and the helpdesk, and,
 * for a person who came from a portal, a way back to it ({@link PortalReturn}: only to a registered redirect URI).
 */
@Controller
@ControllerAdvice
public class MaintenancePages {
    private final RealmPages pages;
    private final MaintenanceState state;
    private final LocalTimes times;
    private final PortalReturn portalReturn;

    public MaintenancePages(RealmPages pages, MaintenanceState state, LocalTimes times, PortalReturn portalReturn) {
        this.pages = pages;
        this.state = state;
        this.times = times;
        this.portalReturn = portalReturn;
    }

    /**
     * What the page layout shows in its maintenance banner; absent when the realm is not in maintenance.
     *
     * @param until     the expected end as an ISO instant (for {@code <time datetime>}), or null
     * @param untilText the expected end as a sentence in the page's language and local time, or null
     */
    public record Notice(String message, String until, String untilText) {
    }

    @ModelAttribute("maintenanceNotice")
    Notice notice(HttpServletRequest request) {
        return RealmPaths.realmName(request).flatMap(this::current).map(this::toNotice).orElse(null);
    }

    @GetMapping("/realms/{realm}/maintenance")
    String page(@PathVariable String realm, @RequestParam(name = "client_id", required = false) String clientId,
                @RequestParam(name = "redirect_uri", required = false) String redirectUri,
                @RequestParam(required = false) String state, HttpServletResponse response, Model model) {
        pages.realm(realm, model);
        Optional<PortalReturn.Portal> portal = portalReturn.registered(realm, clientId, redirectUri);
        // The language switch opens this page with only what was checked: a redirect URI the client did not register
        // (or a state without a portal) never goes into a link of ours.
        model.addAttribute(LanguageLinksAdvice.LANGUAGE_PATH, PortalReturn.maintenancePage(realm, portal, state));
        Optional<Maintenance> maintenance = current(realm);
        model.addAttribute("inMaintenance", maintenance.isPresent());
        if (maintenance.isPresent()) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", String.valueOf(this.state.retryAfterSeconds(maintenance.get())));
            // The page says it all itself; the banner above it would repeat the same message.
            model.addAttribute("maintenanceNotice", null);
            model.addAttribute("notice", toNotice(maintenance.get()));
            portal.filter(p -> !PortalReturn.isAccountConsole(p)).ifPresent(p -> {
                model.addAttribute("portalName", p.name());
                model.addAttribute("portalReturn", portalReturn.errorRedirect(realm, p, state));
            });
        }
        return "login/maintenance";
    }

    private Optional<Maintenance> current(String realm) {
        try {
            return state.current(realm);
        } catch (RuntimeException unknownRealmOrDatabaseDown) {
            return Optional.empty();
        }
    }

    private Notice toNotice(Maintenance m) {
        Locale locale = LocaleContextHolder.getLocale();
        return new Notice(m.message(locale.getLanguage()), m.until().map(Object::toString).orElse(null),
                m.until().map(end -> times.expectedEnd(end, locale)).orElse(null));
    }
}
