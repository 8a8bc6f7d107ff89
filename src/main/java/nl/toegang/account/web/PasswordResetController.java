package nl.toegang.account.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.account.AccountRepository;
import nl.toegang.account.PasswordFeedback;
import nl.toegang.account.password.PasswordPolicies;
import nl.toegang.account.reset.PasswordResets;
import nl.toegang.lockout.RateLimiter;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.pages.FormDraft;
import nl.toegang.pages.FormDrafts;
import nl.toegang.pages.RealmPages;
import org.springframework.http.ResponseEntity;
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
    private final FormDrafts drafts;
    private final Clock clock;
    /** The forms' names in their drafts ({@link FormDrafts}). */
    static final String FORGOT = "forgot";
    static final String RESET = "reset";

    public PasswordResetController(RealmPages pages, PasswordResets resets, PasswordPolicies policies,
                                   RateLimiter limiter, nl.toegang.account.SelfServiceLimits limits,
                                   FormDrafts drafts, Clock clock) {
        this.drafts = drafts;
        this.pages = pages;
        this.resets = resets;
        this.policies = policies;
        this.limiter = limiter;
        this.limits = limits;
        this.clock = clock;
    }

    /** The form, fresh or as a refused POST left it ({@code ?draft=}, {@link FormDrafts}). */
    @GetMapping("/realms/{realm}/forgot")
    String form(@PathVariable String realm, @RequestParam(name = FormDrafts.PARAMETER, required = false) String draft,
                HttpServletRequest request, Model model) {
        pages.realm(realm, model);
        drafts.find(request, draft, realm, "", FORGOT).ifPresent(refused -> {
            model.addAttribute("email", refused.value("email", ""));
            model.addAttribute("emailError", pages.errors(refused).get("email").get(0));
        });
        return "account/forgot";
    }

    @PostMapping("/realms/{realm}/forgot")
    ResponseEntity<Void> request(@PathVariable String realm, @RequestParam(defaultValue = "") String email,
                                 HttpServletRequest request) {
        RealmDefinition definition = pages.realm(realm);
        String address = AccountRepository.normalizeEmail(email);
        // Only the shape is checked here (an empty field, no @): that says nothing about which accounts exist. Loose
        // on purpose, so no account (an admin may have made one with an unusual address) is kept from its reset.
        if (address.isEmpty() || address.length() > 320 || address.indexOf('@') < 1) {
            var draft = FormDraft.of(FORGOT).value("email", email.length() > 320 ? "" : email)
                    .error("email", "register.error.email");
            return RealmPages.seeOther(drafts.keep(request, realm, "", draft, "/realms/" + realm + "/forgot"));
        }
        drafts.clear(request, realm, "", FORGOT);
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

    /**
     * The link from the mail. After a refused password ({@code ?draft=}) the same page shows why, for this link's
     * account only; the draft holds what the policy said about the password, never the password.
     */
    @GetMapping("/realms/{realm}/reset")
    String choose(@PathVariable String realm, @RequestParam(defaultValue = "") String token,
                  @RequestParam(name = FormDrafts.PARAMETER, required = false) String draft,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        RealmDefinition definition = pages.realm(realm, model);
        var account = resets.accountFor(definition, token);
        if (account.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_GONE);
            return "account/reset-invalid";
        }
        model.addAttribute("token", token);
        model.addAttribute("email", account.get().email());
        model.addAttribute("minLength", policies.forRealm(definition).rules().minLength());
        drafts.find(request, draft, realm, account.get().id(), RESET)
                .filter(refused -> refused.detail() instanceof PasswordFeedback.Keys)
                .ifPresent(refused -> model.addAttribute("feedback",
                        ((PasswordFeedback.Keys) refused.detail()).render(pages)));
        return "account/reset";
    }

    @PostMapping("/realms/{realm}/reset")
    Object reset(@PathVariable String realm, @RequestParam(defaultValue = "") String token,
                 @RequestParam(defaultValue = "") String password, HttpServletRequest request,
                 HttpServletResponse response, Model model) {
        RealmDefinition definition = pages.realm(realm, model);
        // Whose link this is, read before completing (which uses it up): the draft is theirs alone.
        String owner = resets.accountFor(definition, token).map(a -> a.id()).orElse("");
        var result = resets.complete(definition, token, password);
        if (result instanceof PasswordResets.Result.Done) {
            drafts.clear(request, realm, owner, RESET);
            return RealmPages.seeOther("/realms/" + realm + "/reset/done");
        }
        if (result instanceof PasswordResets.Result.WeakPassword weak && !owner.isEmpty()) {
            var draft = FormDraft.of(RESET).error("password", "register.error.password")
                    .detail(PasswordFeedback.Keys.of(weak.verdict(), policies.forRealm(definition).rules()));
            return RealmPages.seeOther(drafts.keep(request, realm, owner, draft, "/realms/" + realm + "/reset?token="
                    + UriUtils.encodeQueryParam(token, StandardCharsets.UTF_8)));
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
