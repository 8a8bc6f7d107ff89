package nl.toegang.login.secondfactor;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.account.AccountRepository;
import nl.toegang.mfa.Factors;
import nl.toegang.mfa.SecondFactors;
import nl.toegang.login.LoginCompletion;
import nl.toegang.login.LoginOutcome;
import nl.toegang.mfa.PendingLogin;
import nl.toegang.mfa.PendingLogins;
import nl.toegang.mfa.recovery.RecoveryCodes;
import nl.toegang.mfa.totp.PendingTotp;
import nl.toegang.mfa.totp.TotpEnrollment;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.pages.RealmPages;
import nl.toegang.lockout.ThrottleNotice;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The second step of a login: a code from the authenticator app or a recovery code, or (when the policy requires a
 * second factor and the account has none) enrolling the app first. Every page here needs a {@link PendingLogin} of
 * the right step; without one the browser goes back to the password page.
 */
@Controller
public class SecondFactorController {
    private final RealmPages pages;
    private final PendingLogins pendingLogins;
    private final SecondFactorCheck check;
    private final LoginCompletion completion;
    private final SecondFactors secondFactors;
    private final TotpEnrollment totp;
    private final RecoveryCodes recoveryCodes;
    private final AccountRepository accounts;
    private final Clock clock;

    public SecondFactorController(RealmPages pages, PendingLogins pendingLogins, SecondFactorCheck check,
                                  LoginCompletion completion, SecondFactors secondFactors, TotpEnrollment totp,
                                  RecoveryCodes recoveryCodes, AccountRepository accounts, Clock clock) {
        this.pages = pages;
        this.pendingLogins = pendingLogins;
        this.check = check;
        this.completion = completion;
        this.secondFactors = secondFactors;
        this.totp = totp;
        this.recoveryCodes = recoveryCodes;
        this.accounts = accounts;
        this.clock = clock;
    }

    @GetMapping("/realms/{realm}/login/second-factor")
    Object page(@PathVariable String realm, @RequestParam(required = false) String error,
                @RequestParam(required = false) String wait, @RequestParam(required = false) String locked,
                @RequestParam(required = false) String disabled, HttpServletRequest request, Model model) {
        pages.realm(realm, model);
        Optional<PendingLogin> pending = pending(request, realm, PendingLogin.Step.SECOND_FACTOR);
        if (pending.isEmpty()) {
            return toLogin(realm);
        }
        boolean totpSet = secondFactors.hasTotp(realm, pending.get().accountId());
        model.addAttribute("hasTotp", totpSet);
        model.addAttribute("hasPasskey", secondFactors.count(realm, pending.get().accountId()) > (totpSet ? 1 : 0));
        model.addAttribute("codeError", error != null);
        model.addAttribute("codeWait", wait != null);
        model.addAttribute("codeLocked", locked != null || disabled != null);
        return "mfa/second-factor";
    }

    @PostMapping("/realms/{realm}/login/second-factor")
    ResponseEntity<Void> totpCode(@PathVariable String realm, @RequestParam(defaultValue = "") String code,
                                  HttpServletRequest request, HttpServletResponse response,
                                  RedirectAttributes redirect) {
        Optional<PendingLogin> pending = pending(request, realm, PendingLogin.Step.SECOND_FACTOR);
        if (pending.isEmpty()) {
            return toLogin(realm);
        }
        return answer(pending.get(), check.totp(pending.get(), code, request.getRemoteAddr()), request, response,
                redirect);
    }

    @PostMapping("/realms/{realm}/login/recovery-code")
    ResponseEntity<Void> recoveryCode(@PathVariable String realm, @RequestParam(defaultValue = "") String code,
                                      HttpServletRequest request, HttpServletResponse response,
                                      RedirectAttributes redirect) {
        Optional<PendingLogin> pending = pending(request, realm, PendingLogin.Step.SECOND_FACTOR);
        if (pending.isEmpty()) {
            return toLogin(realm);
        }
        return answer(pending.get(), check.recoveryCode(pending.get(), code, request.getRemoteAddr()), request,
                response, redirect);
    }

    /** Required enrolment: a fresh key on every visit (a reload replaces the pending key, nothing else). */
    @GetMapping("/realms/{realm}/login/enrol")
    Object enrolPage(@PathVariable String realm, @RequestParam(required = false) String error,
                     HttpServletRequest request, Model model) {
        RealmDefinition definition = pages.realm(realm, model);
        Optional<PendingLogin> pending = pending(request, realm, PendingLogin.Step.ENROL);
        if (pending.isEmpty()) {
            return toLogin(realm);
        }
        var account = accounts.findById(realm, pending.get().accountId());
        if (account.isEmpty()) {
            return toLogin(realm);
        }
        PendingTotp key = totp.begin(definition.name(), account.get().id(), account.get().email());
        model.addAttribute("totp", key);
        model.addAttribute("codeError", error != null);
        model.addAttribute("confirmAction", "/realms/" + realm + "/login/enrol");
        return "mfa/totp-enrol";
    }

    @PostMapping("/realms/{realm}/login/enrol")
    Object enrol(@PathVariable String realm, @RequestParam(defaultValue = "") String code,
                 HttpServletRequest request, HttpServletResponse response, Model model) {
        pages.realm(realm, model);
        Optional<PendingLogin> pending = pending(request, realm, PendingLogin.Step.ENROL);
        if (pending.isEmpty()) {
            return toLogin(realm);
        }
        String accountId = pending.get().accountId();
        if (!totp.confirm(realm, accountId, code, clock.instant())) {
            return RealmPages.seeOther("/realms/" + realm + "/login/enrol?error");
        }
        List<String> codes = recoveryCodes.generate(realm, accountId);
        // The confirming code proved possession of the app just now, so the login completes with both factors.
        String next = completion.complete(completed(pending.get(), Factors.TOTP), request, response);
        model.addAttribute("codes", codes);
        model.addAttribute("continueUrl", next);
        return "mfa/recovery-codes";
    }

    private ResponseEntity<Void> answer(PendingLogin pending, SecondFactorCheck.Outcome outcome,
                                        HttpServletRequest request, HttpServletResponse response,
                                        RedirectAttributes redirect) {
        String page = "/realms/" + pending.realm() + "/login/second-factor";
        if (outcome instanceof SecondFactorCheck.Outcome.Verified verified) {
            return RealmPages.seeOther(completion.complete(completed(pending, verified.factor()), request, response));
        }
        if (outcome instanceof SecondFactorCheck.Outcome.Throttled throttled) {
            ThrottleNotice notice = ThrottleNotice.of(throttled.decision(), clock.instant());
            redirect.addFlashAttribute("retryAmount", notice.amount());
            return RealmPages.seeOther(page + "?" + notice.flag());
        }
        return RealmPages.seeOther(page + "?error");
    }

    private LoginOutcome completed(PendingLogin pending, String factor) {
        return SecondFactorOutcomes.completed(pending, List.of(factor), clock.instant());
    }

    private Optional<PendingLogin> pending(HttpServletRequest request, String realm, PendingLogin.Step step) {
        return pendingLogins.current(request, realm).filter(p -> p.step() == step);
    }

    private static ResponseEntity<Void> toLogin(String realm) {
        return RealmPages.seeOther("/realms/" + realm + "/login");
    }
}
