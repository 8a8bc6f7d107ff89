package nl.toegang.console.web;

import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.console.EmailAccountOnly;
import nl.toegang.realm.RealmRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/** The 403 page for an email-account action asked for by a DigiD identity: DigiD manages it, nothing was changed. */
@ControllerAdvice
public class EmailAccountOnlyPage {
    private final RealmRegistry realms;

    public EmailAccountOnlyPage(RealmRegistry realms) {
        this.realms = realms;
    }

    @ExceptionHandler(EmailAccountOnly.class)
    ModelAndView refused(EmailAccountOnly e, HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        ModelAndView page = new ModelAndView("account/digid-only");
        page.setStatus(HttpStatus.FORBIDDEN);
        realms.find(e.realm()).ifPresent(realm -> page.addObject("realmInfo", realm));
        page.addObject("provider", e.provider());
        return page;
    }
}
