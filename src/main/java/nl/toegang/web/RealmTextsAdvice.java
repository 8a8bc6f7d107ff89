package nl.toegang.web;

import jakarta.servlet.http.HttpServletRequest;
import nl.toegang.realm.LoginTexts;
import nl.toegang.realm.RealmPaths;
import nl.toegang.realm.RealmRegistry;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The realm's own support contact, shown in the help links of every realm page. */
@ControllerAdvice
public class RealmTextsAdvice {
    private final RealmRegistry realms;

    public RealmTextsAdvice(RealmRegistry realms) {
        this.realms = realms;
    }

    @ModelAttribute("supportContact")
    String supportContact(HttpServletRequest request) {
        return RealmPaths.realmName(request).flatMap(realms::find)
                .flatMap(r -> r.texts()).flatMap(LoginTexts::support)
                .map(t -> t.in(LocaleContextHolder.getLocale().getLanguage()))
                .orElse(null);
    }
}
