package nl.toegang.pages;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.RequestDispatcher;
import nl.toegang.realm.LoginTexts;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmPaths;
import nl.toegang.realm.RealmRegistry;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.util.Optional;

/**
 * The realm of the page and its own support contact, for the layout and the help links of every realm page. Error
 * pages (404, 500) get them too: their realm is read from the path that failed, so a person on an error page still
 * sees how to reset a password, create an account or reach support.
 */
@ControllerAdvice
public class RealmTextsAdvice {
    private static final String[] ORIGINAL_URI_ATTRIBUTES = {RequestDispatcher.ERROR_REQUEST_URI,
            RequestDispatcher.FORWARD_REQUEST_URI};

    private final RealmRegistry realms;

    public RealmTextsAdvice(RealmRegistry realms) {
        this.realms = realms;
    }

    /** Controllers that know their realm set it again; this default makes error pages realm-aware. */
    @ModelAttribute("realmInfo")
    RealmDefinition realmInfo(HttpServletRequest request) {
        return realm(request).orElse(null);
    }

    @ModelAttribute("supportContact")
    String supportContact(HttpServletRequest request) {
        return realm(request).flatMap(r -> r.texts()).flatMap(LoginTexts::support)
                .map(t -> t.in(LocaleContextHolder.getLocale().getLanguage()))
                .orElse(null);
    }

    private Optional<RealmDefinition> realm(HttpServletRequest request) {
        Optional<String> name = RealmPaths.realmName(request);
        // Error pages are reached by an error dispatch (404, 500) or a forward (authorization errors).
        for (String original : ORIGINAL_URI_ATTRIBUTES) {
            if (name.isEmpty() && request.getAttribute(original) instanceof String failed) {
                name = RealmPaths.realmName(failed.substring(request.getContextPath().length()));
            }
        }
        return name.flatMap(realms::find);
    }
}
