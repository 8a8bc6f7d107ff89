package nl.toegang.account.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.account.AccountRepository;
import nl.toegang.account.PasswordFeedback;
import nl.toegang.account.password.PasswordPolicies;
import nl.toegang.account.reset.PasswordResets;
import nl.toegang.lockout.RateLimiter;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.pages.LanguageLinksAdvice;
import nl.toegang.pages.RealmPages;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Forgot password. The request page always answers the same, at the same speed, whether or not the address has an
 * account; limits per address and per network quietly stop mail floods without changing that answer.
 */
@Controller
public class PasswordResetController {
    private final RealmPages pages;
    private final PasswordResets resets;
    private final PasswordPolicies policies;
    private final RateLimiter limiter;
    private final nl.toegang.account.SelfServiceLimits limits;
    private final Clock clock;

    public PasswordResetController(RealmPages pages, PasswordResets resets, PasswordPolicies policies,
                                   RateLimiter limiter, nl.toegang.account.SelfServiceLimits limits, Clock clock) {
        this.pages = pages;
        this.resets = resets;
        this.policies = policies;
        this.limiter = limiter;
        this.limits = limits;
        this.clock = clock;
    }

    @GetMapping("/realms/{realm}/forgot")
    String form(@PathVariable String realm, Model model) {
        pages.realm(realm, model);
        return "account/forgot";
    }

    @PostMapping("/realms/{realm}/forgot")
    Object request(@PathVariable String realm, @RequestParam(defaultValue = "") String email,
                   HttpServletRequest request, HttpServletResponse response, Model model) {
        RealmDefinition definition = pages.realm(realm);
        String address = AccountRepository.normalizeEmail(email);
        // Only the shape is checked here (an empty field, no @): that says nothing about which accounts exist. Loose
        // on purpose, so no account (an admin may have made one with an unusual address) is kept from its reset.
        if (address.isEmpty() || address.length() > 320 || address.indexOf('@') < 1) {
            pages.realm(realm, model);
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            model.addAttribute("email", email.length() > 320 ? "" : email);
            model.addAttribute("emailError", pages.message("register.error.email"));
            return "account/forgot";
        }
        var now = clock.instant();
        boolean allowed = limiter.tryAcquire("forgot-ip:" + realm + ":" + request.getRemoteAddr(),
                limits.resetRequestsPerIpPer15Minutes(), Duration.ofMinutes(15), now)
                && limiter.tryAcquire("forgot-address:" + realm + ":" + address,
                limits.resetRequestsPerAddressPer15Minutes(), Duration.ofMinutes(15), now);
        if (allowed) {
            resets.request(definition, address);
        }
        return RealmPages.seeOther("/realms/" + realm + "/forgot/sent");
    }

    @GetMapping("/realms/{realm}/forgot/sent")
    String sent(@PathVariable String realm, Model model) {
        pages.realm(realm, model);
        return "account/forgot-sent";
    }

    @GetMapping("/realms/{realm}/reset")
    String choose(@PathVariable String realm, @RequestParam(defaultValue = "") String token,
                  HttpServletResponse response, Model model) {
        RealmDefinition definition = pages.realm(realm, model);
        var account = resets.accountFor(definition, token);
        if (account.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_GONE);
            return "account/reset-invalid";
        }
        model.addAttribute("token", token);
        model.addAttribute("email", account.get().email());
        model.addAttribute("minLength", policies.forRealm(definition).rules().minLength());
        return "account/reset";
    }

    @PostMapping("/realms/{realm}/reset")
    Object reset(@PathVariable String realm, @RequestParam(defaultValue = "") String token,
                 @RequestParam(defaultValue = "") String password, HttpServletResponse response, Model model) {
        RealmDefinition definition = pages.realm(realm, model);
        var result = resets.complete(definition, token, password);
        if (result instanceof PasswordResets.Result.Done) {
            return RealmPages.seeOther("/realms/" + realm + "/reset/done");
        }
        if (result instanceof PasswordResets.Result.WeakPassword weak) {
            model.addAttribute("token", token);
            model.addAttribute(LanguageLinksAdvice.LANGUAGE_PATH, "/realms/" + realm + "/reset?token="
                    + UriUtils.encodeQueryParam(token, StandardCharsets.UTF_8));
            model.addAttribute("email", resets.accountFor(definition, token).map(a -> a.email()).orElse(""));
            model.addAttribute("minLength", policies.forRealm(definition).rules().minLength());
            model.addAttribute("feedback", PasswordFeedback.of(weak.verdict(),
                    policies.forRealm(definition).rules(), pages));
            return "account/reset";
        }
        response.setStatus(HttpServletResponse.SC_GONE);
        return "account/reset-invalid";
    }

    @GetMapping("/realms/{realm}/reset/done")
    String done(@PathVariable String realm, Model model) {
        pages.realm(realm, model);
        return "account/reset-done";
    }
}
