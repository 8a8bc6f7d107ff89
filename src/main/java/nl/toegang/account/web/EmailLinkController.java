package nl.toegang.account.web;

import nl.toegang.account.AccountSelfService;
import nl.toegang.account.registration.Registration;
import nl.toegang.account.verification.EmailVerification;
import nl.toegang.account.verification.EmailVerifications;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.pages.RealmPages;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The link in a verification email. Opening it shows a button; only the POST uses the link, so mail scanners that
 * prefetch links cannot use it up.
 */
@Controller
public class EmailLinkController {
    private final RealmPages pages;
    private final EmailVerifications verifications;
    private final Registration registration;
    private final AccountSelfService selfService;

    public EmailLinkController(RealmPages pages, EmailVerifications verifications, Registration registration,
                               AccountSelfService selfService) {
        this.pages = pages;
        this.verifications = verifications;
        this.registration = registration;
        this.selfService = selfService;
    }

    @GetMapping("/realms/{realm}/verify-email")
    String confirmPage(@PathVariable String realm, @RequestParam(defaultValue = "") String token,
                       HttpServletResponse response, Model model) {
        pages.realm(realm, model);
        var verification = verifications.peekLink(realm, token);
        if (verification.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_GONE);
            return "account/link-invalid";
        }
        model.addAttribute("token", token);
        model.addAttribute("emailChange", verification.get().purpose() == EmailVerification.Purpose.EMAIL_CHANGE);
        return "account/verify-link";
    }

    @PostMapping("/realms/{realm}/verify-email")
    Object confirm(@PathVariable String realm, @RequestParam(defaultValue = "") String token,
                   HttpServletResponse response, Model model) {
        RealmDefinition definition = pages.realm(realm, model);
        var result = verifications.verifyLink(realm, token);
        if (registration.finish(definition, result)) {
            return RealmPages.seeOther("/realms/" + realm + "/register/verified");
        }
        if (selfService.finishEmailChange(definition, result)) {
            return RealmPages.seeOther("/realms/" + realm + "/account/email-changed");
        }
        response.setStatus(HttpServletResponse.SC_GONE);
        return "account/link-invalid";
    }

    @GetMapping("/realms/{realm}/account/email-changed")
    String emailChanged(@PathVariable String realm, Model model) {
        pages.realm(realm, model);
        return "account/email-changed";
    }
}
