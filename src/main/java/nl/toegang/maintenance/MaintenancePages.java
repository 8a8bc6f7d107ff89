package nl.toegang.maintenance;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.realm.Maintenance;
import nl.toegang.realm.RealmPaths;
import nl.toegang.pages.RealmPages;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;

import java.util.Optional;

/** The maintenance page (503 with Retry-After) and the notice every realm page shows during maintenance. */
@Controller
@ControllerAdvice
public class MaintenancePages {
    private final RealmPages pages;
    private final MaintenanceState state;

    public MaintenancePages(RealmPages pages, MaintenanceState state) {
        this.pages = pages;
        this.state = state;
    }

    /** What the page layout shows in its maintenance banner; absent when the realm is not in maintenance. */
    public record Notice(String message, String until) {
    }

    @ModelAttribute("maintenanceNotice")
    Notice notice(HttpServletRequest request) {
        return RealmPaths.realmName(request).flatMap(this::current).map(this::toNotice).orElse(null);
    }

    @GetMapping("/realms/{realm}/maintenance")
    String page(@PathVariable String realm, HttpServletResponse response, Model model) {
        pages.realm(realm, model);
        Optional<Maintenance> maintenance = current(realm);
        if (maintenance.isPresent()) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", String.valueOf(state.retryAfterSeconds(maintenance.get())));
        }
        model.addAttribute("inMaintenance", maintenance.isPresent());
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
        String language = LocaleContextHolder.getLocale().getLanguage();
        return new Notice(m.message(language), m.until().map(Object::toString).orElse(null));
    }
}
