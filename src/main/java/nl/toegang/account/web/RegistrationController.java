package nl.toegang.account.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import nl.toegang.account.PasswordFeedback;
import nl.toegang.account.password.PasswordPolicies;
import nl.toegang.account.registration.FormErrors;
import nl.toegang.account.registration.Registration;
import nl.toegang.account.verification.EmailVerifications;
import nl.toegang.lockout.RateLimiter;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.pages.RealmPages;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Create an email account, then prove the address with the code (on this page) or the link (in the email). */
@Controller
public class RegistrationController {
    private static final String PENDING = "toegang.registration.pending:";

    private final RealmPages pages;
    private final Registration registration;
    private final EmailVerifications verifications;
    private final PasswordPolicies policies;
    private final RateLimiter limiter;
    private final nl.toegang.account.SelfServiceLimits limits;
    private final Clock clock;

    public RegistrationController(RealmPages pages, Registration registration, EmailVerifications verifications,
                                  PasswordPolicies policies, RateLimiter limiter,
                                  nl.toegang.account.SelfServiceLimits limits, Clock clock) {
        this.pages = pages;
        this.registration = registration;
        this.verifications = verifications;
        this.policies = policies;
        this.limiter = limiter;
        this.limits = limits;
        this.clock = clock;
    }

    /** The registration this browser is verifying. Serializable: it lives in the (possibly shared) HTTP session. */
    record Pending(String verificationId, String email) implements Serializable {
    }

    /** {@code nl} or {@code en}: the language of the page the person is reading. */
    private static String pageLanguage() {
        return LocaleContextHolder.getLocale().getLanguage().equals("en") ? "en" : "nl";
    }

    @GetMapping("/realms/{realm}/register")
    String form(@PathVariable String realm, Model model) {
        RealmDefinition definition = enabled(realm, model);
        // The language the page is shown in: the switch, the portal's ui_locales or the browser chose it.
        model.addAttribute("values", Map.of("email", "", "name", "", "locale", pageLanguage()));
        model.addAttribute("errors", Map.of());
        model.addAttribute("minLength", policies.forRealm(definition).rules().minLength());
        return "account/register";
    }

    @PostMapping("/realms/{realm}/register")
    Object register(@PathVariable String realm, @RequestParam(defaultValue = "") String email,
                    @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String locale,
                    @RequestParam(defaultValue = "") String password, HttpServletRequest request,
                    jakarta.servlet.http.HttpServletResponse response, HttpSession session,
                    Model model) {
        RealmDefinition definition = enabled(realm, model);
        if (locale.isBlank()) {
            locale = pageLanguage();
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("email", email);
        values.put("name", name);
        values.put("locale", locale);
        model.addAttribute("values", values);
        model.addAttribute("minLength", policies.forRealm(definition).rules().minLength());
        if (!limiter.tryAcquire("register:" + realm + ":" + request.getRemoteAddr(),
                limits.registrationsPerIpPerHour(), Duration.ofHours(1),
                clock.instant())) {
            model.addAttribute("errors", pages.messages(new FormErrors().add("form", "register.error.tooMany").all()));
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", "3600");
            return "account/register";
        }
        var result = registration.register(definition, new Registration.Form(email, name, locale, password));
        if (result instanceof Registration.Result.Invalid invalid) {
            model.addAttribute("errors", pages.messages(invalid.errors().all()));
            if (invalid.errors().has("password")) {
                model.addAttribute("feedback", PasswordFeedback.of(invalid.verdict(),
                        policies.forRealm(definition).rules(), pages));
            }
            return "account/register";
        }
        var accepted = (Registration.Result.Accepted) result;
        session.setAttribute(PENDING + realm, new Pending(accepted.pendingVerificationId(), accepted.email()));
        return RealmPages.seeOther("/realms/" + realm + "/register/check-email");
    }

    @GetMapping("/realms/{realm}/register/check-email")
    String checkEmail(@PathVariable String realm, HttpSession session, Model model) {
        pages.realm(realm, model);
        Object pending = session.getAttribute(PENDING + realm);
        if (!(pending instanceof Pending p)) {
            return "redirect:/realms/" + realm + "/register";
        }
        model.addAttribute("email", p.email());
        return "account/check-email";
    }

    @PostMapping("/realms/{realm}/register/verify")
    ResponseEntity<Void> verify(@PathVariable String realm, @RequestParam(defaultValue = "") String code,
                                HttpSession session, RedirectAttributes redirect) {
        RealmDefinition definition = pages.realm(realm);
        Object pending = session.getAttribute(PENDING + realm);
        if (!(pending instanceof Pending p)) {
            return RealmPages.seeOther("/realms/" + realm + "/register");
        }
        var result = verifications.verifyCode(realm, p.verificationId(), code);
        if (registration.finish(definition, result)) {
            session.removeAttribute(PENDING + realm);
            return RealmPages.seeOther("/realms/" + realm + "/register/verified");
        }
        redirect.addFlashAttribute("codeError", true);
        return RealmPages.seeOther("/realms/" + realm + "/register/check-email");
    }

    @PostMapping("/realms/{realm}/register/resend")
    ResponseEntity<Void> resend(@PathVariable String realm, HttpSession session, RedirectAttributes redirect) {
        RealmDefinition definition = pages.realm(realm);
        Object pending = session.getAttribute(PENDING + realm);
        if (!(pending instanceof Pending p)) {
            return RealmPages.seeOther("/realms/" + realm + "/register");
        }
        String key = "resend:" + realm + ":" + p.email().toLowerCase(java.util.Locale.ROOT);
        if (limiter.tryAcquire(key + ":minute", 1, Duration.ofMinutes(1), clock.instant())
                && limiter.tryAcquire(key + ":hour", 5, Duration.ofHours(1), clock.instant())) {
            String newId = registration.resend(definition, p.verificationId());
            session.setAttribute(PENDING + realm, new Pending(newId, p.email()));
            redirect.addFlashAttribute("resent", true);
        } else {
            redirect.addFlashAttribute("resendWait", true);
        }
        return RealmPages.seeOther("/realms/" + realm + "/register/check-email");
    }

    @GetMapping("/realms/{realm}/register/verified")
    String verified(@PathVariable String realm, Model model) {
        pages.realm(realm, model);
        return "account/verified";
    }

    private RealmDefinition enabled(String realm, Model model) {
        RealmDefinition definition = pages.realm(realm, model);
        if (!definition.settings().selfService().registrationEnabled()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "registration is switched off");
        }
        return definition;
    }
}
