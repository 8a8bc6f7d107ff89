package nl.toegang.console.web;

import nl.toegang.account.PasswordFeedback;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import nl.toegang.account.Account;
import nl.toegang.account.AccountSelfService;
import nl.toegang.console.ConsoleUser;
import nl.toegang.console.RecentSignIn;
import nl.toegang.console.web.ConsoleUsers;
import nl.toegang.account.password.PasswordPolicies;
import nl.toegang.account.EmailAddresses;
import nl.toegang.account.verification.EmailVerifications;
import nl.toegang.mfa.MfaSettings;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.session.RealmSignIn;
import nl.toegang.session.SsoSessionEnded;
import nl.toegang.session.SsoSessions;
import nl.toegang.session.SessionRows;
import nl.toegang.pages.RealmPages;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.Serializable;
import java.util.List;

/** The signed-in person's own details: name, phone, language, email address and password. */
@Controller
public class AccountPageController {
    private static final String PENDING_EMAIL = "toegang.account.pending-email:";

    private final RealmPages pages;
    private final ConsoleUsers users;
    private final AccountSelfService selfService;
    private final EmailVerifications verifications;
    private final PasswordPolicies policies;
    private final RealmSignIn signIn;
    private final MfaSettings mfa;
    private final SessionRows sessionRows;
    private final SsoSessions sessions;
    private final RecentSignIn recentSignIn;

    public AccountPageController(RealmPages pages, ConsoleUsers users, AccountSelfService selfService,
                                 EmailVerifications verifications, PasswordPolicies policies, RealmSignIn signIn,
                                 MfaSettings mfa, SessionRows sessionRows, SsoSessions sessions,
                                 RecentSignIn recentSignIn) {
        this.recentSignIn = recentSignIn;
        this.mfa = mfa;
        this.sessionRows = sessionRows;
        this.sessions = sessions;
        this.pages = pages;
        this.users = users;
        this.selfService = selfService;
        this.verifications = verifications;
        this.policies = policies;
        this.signIn = signIn;
    }

    record PendingEmail(String verificationId, String email) implements Serializable {
    }

    @GetMapping("/realms/{realm}/account")
    String page(@PathVariable String realm, Authentication authentication, HttpSession session, Model model) {
        RealmDefinition definition = pages.realm(realm, model);
        ConsoleUser user = users.current(definition, authentication);
        model.addAttribute("sessions", sessionRows.rows(realm, user.subject(), session.getId()));
        if (user instanceof ConsoleUser.DigidIdentity digid) {
            // Name, email, password and second factors are DigiD's; this page shows only what applies here.
            model.addAttribute("digidLevel", digid.level().map(Enum::name).orElse(null));
            return "account/digid";
        }
        if (user instanceof ConsoleUser.UpstreamIdentity upstream) {
            // Likewise the upstream provider's: sessions, apps and recent sign-ins only.
            model.addAttribute("provider", upstream.provider());
            return "account/upstream";
        }
        Account account = ((ConsoleUser.EmailAccount) user).account();
        if (Boolean.TRUE.equals(model.getAttribute("codeError"))) {
            model.addAttribute("formErrors", java.util.Map.of("code", List.of(pages.message("checkEmail.codeError"))));
        }
        return home(definition, account, session, model);
    }

    /**
     * The whole account page, also when it answers a form with errors (then with the error summary at the top and
     * every section still there: a typo in the phone number must not hide the sessions or the second factors).
     */
    private String home(RealmDefinition definition, Account account, HttpSession session, Model model) {
        String realm = definition.name();
        model.addAttribute("sessions", sessionRows.rows(realm, account.id(), session.getId()));
        model.addAttribute("account", account);
        model.addAttribute("minLength", policies.forRealm(definition).rules().minLength());
        model.addAttribute("mfa", mfa.summary(definition, account.id()));
        if (session.getAttribute(PENDING_EMAIL + realm) instanceof PendingEmail pending) {
            model.addAttribute("pendingEmail", pending.email());
        }
        return "account/home";
    }

    @PostMapping("/realms/{realm}/account/profile")
    Object profile(@PathVariable String realm, @RequestParam(defaultValue = "") String name,
                   @RequestParam(defaultValue = "") String phone, @RequestParam(defaultValue = "nl") String locale,
                   Authentication authentication, HttpSession session, HttpServletResponse response, Model model,
                   RedirectAttributes redirect) {
        RealmDefinition definition = pages.realm(realm, model);
        Account account = users.account(definition, authentication);
        boolean nameOk = !name.isBlank() && name.length() <= 200;
        boolean phoneOk = AccountSelfService.validPhone(phone);
        if (!nameOk || !phoneOk) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            List<String> nameErrors = nameOk ? List.of() : List.of(pages.message("account.error.name"));
            List<String> phoneErrors = phoneOk ? List.of() : List.of(pages.message("account.error.phone"));
            model.addAttribute("profileErrors", java.util.Map.of("name", nameErrors, "phone", phoneErrors));
            var summary = new java.util.LinkedHashMap<String, List<String>>();
            if (!nameOk) {
                summary.put("name", nameErrors);
            }
            if (!phoneOk) {
                summary.put("phone", phoneErrors);
            }
            model.addAttribute("formErrors", summary);
            return home(definition, account, session, model);
        }
        selfService.updateProfile(definition, account, name, phone, locale);
        redirect.addFlashAttribute("notice", "account.saved");
        return RealmPages.seeOther("/realms/" + realm + "/account");
    }

    @PostMapping("/realms/{realm}/account/password")
    Object password(@PathVariable String realm, @RequestParam(defaultValue = "") String currentPassword,
                    @RequestParam(defaultValue = "") String newPassword, Authentication authentication,
                    HttpServletRequest request, HttpServletResponse response, Model model,
                    RedirectAttributes redirect) {
        RealmDefinition definition = pages.realm(realm, model);
        Account account = users.account(definition, authentication);
        recentSignIn.require(realm, request);
        var outcome = selfService.changePassword(definition, account, currentPassword, newPassword);
        if (outcome instanceof AccountSelfService.PasswordChange.Changed) {
            // Other sessions ended with the change; this browser continues with a fresh session.
            signIn.renew(realm, account.id(), List.of(signIn.factor(FactorGrantedAuthority.PASSWORD_AUTHORITY)),
                    request, response);
            // The change already stopped older sessions being accepted; remove and report them now.
            sessions.endAll(realm, account.id(), SsoSessionEnded.Reason.PASSWORD_RESET, request.getSession().getId());
            redirect.addFlashAttribute("notice", "account.passwordChanged");
            return RealmPages.seeOther("/realms/" + realm + "/account");
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
        if (outcome instanceof AccountSelfService.PasswordChange.Weak weak) {
            model.addAttribute("feedback", PasswordFeedback.of(weak.verdict(),
                    policies.forRealm(definition).rules(), pages));
            model.addAttribute("formErrors", java.util.Map.of("newPassword",
                    List.of(pages.message("register.error.password"))));
        } else {
            String error = pages.message("account.error.currentPassword");
            model.addAttribute("currentPasswordError", error);
            model.addAttribute("formErrors", java.util.Map.of("currentPassword", List.of(error)));
        }
        return home(definition, account, request.getSession(), model);
    }

    @PostMapping("/realms/{realm}/account/email")
    Object email(@PathVariable String realm, @RequestParam(defaultValue = "") String newEmail,
                 Authentication authentication, HttpServletRequest request, HttpSession session,
                 HttpServletResponse response, Model model, RedirectAttributes redirect) {
        RealmDefinition definition = pages.realm(realm, model);
        Account account = users.account(definition, authentication);
        recentSignIn.require(realm, request);
        if (!EmailAddresses.isValid(newEmail.trim())) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            String error = pages.message("register.error.email");
            model.addAttribute("emailError", error);
            model.addAttribute("formErrors", java.util.Map.of("newEmail", List.of(error)));
            return home(definition, account, session, model);
        }
        String id = selfService.requestEmailChange(definition, account, newEmail.trim());
        session.setAttribute(PENDING_EMAIL + realm, new PendingEmail(id, newEmail.trim()));
        redirect.addFlashAttribute("notice", "account.emailPending");
        return RealmPages.seeOther("/realms/" + realm + "/account");
    }

    @PostMapping("/realms/{realm}/account/email/verify")
    Object verifyEmail(@PathVariable String realm, @RequestParam(defaultValue = "") String code,
                       Authentication authentication, HttpSession session, RedirectAttributes redirect) {
        RealmDefinition definition = pages.realm(realm);
        users.account(definition, authentication);
        if (!(session.getAttribute(PENDING_EMAIL + realm) instanceof PendingEmail pending)) {
            return RealmPages.seeOther("/realms/" + realm + "/account");
        }
        var result = verifications.verifyCode(realm, pending.verificationId(), code);
        if (selfService.finishEmailChange(definition, result)) {
            session.removeAttribute(PENDING_EMAIL + realm);
            redirect.addFlashAttribute("notice", "account.emailChanged");
        } else {
            redirect.addFlashAttribute("codeError", true);
        }
        return RealmPages.seeOther("/realms/" + realm + "/account");
    }

}
