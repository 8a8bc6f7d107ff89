package nl.toegang.console.web;

import jakarta.servlet.http.HttpServletRequest;
import nl.toegang.console.ConsolePortal;
import nl.toegang.realm.RealmPaths;
import nl.toegang.realm.RealmRegistry;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives every console page the portal it was opened from ({@code consolePortal}), for the console navigation. */
@ControllerAdvice(assignableTypes = {AccountPageController.class, AccountActivityController.class,
        ConnectedAppsController.class, MfaAccountController.class})
class ConsolePortalAdvice {
    private final RealmRegistry realms;

    ConsolePortalAdvice(RealmRegistry realms) {
        this.realms = realms;
    }

    @ModelAttribute
    void portal(HttpServletRequest request, Model model) {
        RealmPaths.realmName(request).flatMap(realms::find)
                .flatMap(realm -> ConsolePortal.current(realm, request))
                .ifPresent(portal -> model.addAttribute("consolePortal", portal));
    }
}
