package nl.toegang.account.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import nl.toegang.account.PasswordFeedback;
import nl.toegang.account.password.PasswordPolicies;
import nl.toegang.account.registration.Registration;
import nl.toegang.account.verification.EmailVerifications;
import nl.toegang.lockout.RateLimiter;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.pages.FormDraft;
import nl.toegang.pages.FormDrafts;
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
    /** The form's name in its drafts ({@link FormDrafts}). */
    static final String FORM = "register";

    private final RealmPages pages;
    private final Registration registration;
    private final EmailVerifications verifications;
    private final PasswordPolicies policies;
    private final RateLimiter limiter;
    private final nl.toegang.account.SelfServiceLimits limits;
    private final FormDrafts drafts;
    private final Clock clock;

    public RegistrationController(RealmPages pages, Registration registration, EmailVerifications verifications,
                                  PasswordPolicies policies, RateLimiter limiter,
                                  nl.toegang.account.SelfServiceLimits limits, FormDrafts drafts, Clock clock) {
        this.drafts = drafts;
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

    /**
     * The form, fresh, or as a refused POST left it ({@code ?draft=}, {@link FormDrafts}): the typed values and the
     * problems in the language the page is shown in now.
     */
    @GetMapping("/realms/{realm}/register")
    String form(@PathVariable String realm, @RequestParam(name = FormDrafts.PARAMETER, required = false) String draft,
                HttpServletRequest request, Model model) {
        RealmDefinition definition = enabled(realm, model);
        model.addAttribute("minLength", policies.forRealm(definition).rules().minLength());
        var refused = drafts.find(request, draft, realm, "", FORM);
        if (refused.isPresent()) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("email", refused.get().value("email", ""));
            values.put("name", refused.get().value("name", ""));
            values.put("locale", refused.get().value("locale", pageLanguage()));
            model.addAttribute("values", values);
            model.addAttribute("errors", pages.errors(refused.get()));
            if (refused.get().detail() instanceof PasswordFeedback.Keys feedback) {
                model.addAttribute("feedback", feedback.render(pages));
            }
            return "account/register";
        }
        // The language the page is shown in: the switch, the portal's ui_locales or the browser chose it.
        model.addAttribute("values", Map.of("email", "", "name", "", "locale", pageLanguage()));
        model.addAttribute("errors", Map.of());
        return "account/register";
    }

    /**
     * A refused form (bad fields, or too many registrations from this network) is kept as a draft without the
     * password and the browser is sent back to the form (303): reloading or switching language then never posts
     * again. Whether the address has an account plays no part here: that is decided later, in the background.
     */
    @PostMapping("/realms/{realm}/register")
    ResponseEntity<Void> register(@PathVariable String realm, @RequestParam(defaultValue = "") String email,
                                  @RequestParam(defaultValue = "") String name,
                                  @RequestParam(defaultValue = "") String locale,
                                  @RequestParam(defaultValue = "") String password, HttpServletRequest request,
                                  HttpSession session, Model model) {
        RealmDefinition definition = enabled(realm, model);
        if (locale.isBlank()) {
            locale = pageLanguage();
        }
        var draft = FormDraft.of(FORM).value("email", email).value("name", name)
                .value("locale", "en".equals(locale) ? "en" : "nl");
        String formPath = "/realms/" + realm + "/register";
        if (!limiter.tryAcquire("register:" + realm + ":" + request.getRemoteAddr(),
                limits.registrationsPerIpPerHour(), Duration.ofHours(1),
                clock.instant())) {
            draft.error("form", "register.error.tooMany");
            return RealmPages.seeOther(drafts.keep(request, realm, "", draft, formPath));
        }
        var result = registration.register(definition, new Registration.Form(email, name, locale, password));
        if (result instanceof Registration.Result.Invalid invalid) {
            draft.errors(invalid.errors().all());
            if (invalid.errors().has("password")) {
                draft.detail(PasswordFeedback.Keys.of(invalid.verdict(), policies.forRealm(definition).rules()));
            }
            return RealmPages.seeOther(drafts.keep(request, realm, "", draft, formPath));
        }
        var accepted = (Registration.Result.Accepted) result;
        drafts.clear(request, realm, "", FORM);
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
