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
import nl.toegang.pages.FormDraft;
import nl.toegang.pages.FormDrafts;
import nl.toegang.pages.RealmPages;
import org.springframework.http.ResponseEntity;
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
import java.util.Map;
import java.util.Set;

/** The signed-in person's own details: name, phone, language, email address and password. */
@Controller
public class AccountPageController {
    private static final String PENDING_EMAIL = "toegang.account.pending-email:";
    /** The page's forms, as named in their drafts ({@link FormDrafts}). */
    static final String PROFILE = "account-profile";
    static final String PASSWORD = "account-password";
    static final String EMAIL = "account-email";
    private static final Set<String> FORMS = Set.of(PROFILE, PASSWORD, EMAIL);

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
    private final FormDrafts drafts;
    private final nl.toegang.federation.digid.UpstreamLinks upstreamLinks;

    public AccountPageController(RealmPages pages, ConsoleUsers users, AccountSelfService selfService,
                                 EmailVerifications verifications, PasswordPolicies policies, RealmSignIn signIn,
                                 MfaSettings mfa, SessionRows sessionRows, SsoSessions sessions,
                                 RecentSignIn recentSignIn, FormDrafts drafts,
                                 nl.toegang.federation.digid.UpstreamLinks upstreamLinks) {
        this.upstreamLinks = upstreamLinks;
        this.drafts = drafts;
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

    /** A provider linked to the account, as the page lists it. */
    public record LinkedProvider(String id, String name, String linkedOn) {
    }

    @GetMapping("/realms/{realm}/account")
    String page(@PathVariable String realm, @RequestParam(name = FormDrafts.PARAMETER, required = false) String draft,
                Authentication authentication, HttpServletRequest request, HttpSession session, Model model) {
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
        drafts.find(request, draft, realm, account.id(), FORMS).ifPresent(refused -> showRefused(refused, model));
        return home(definition, account, session, model);
    }

    /**
     * A refused form of this page as its draft left it (after the 303): the error summary at the top, the problems
     * at their fields, and what was typed (never a password) back in the fields, in the language of this request.
     */
    private void showRefused(FormDraft refused, Model model) {
        Map<String, List<String>> errors = pages.errors(refused);
        model.addAttribute("formErrors", errors);
        switch (refused.form()) {
            case PROFILE -> {
                model.addAttribute("profileErrors", Map.of("name", errors.getOrDefault("name", List.of()),
                        "phone", errors.getOrDefault("phone", List.of())));
                model.addAttribute("profileValues", Map.of("name", refused.value("name", ""),
                        "phone", refused.value("phone", ""), "locale", refused.value("locale", "nl")));
            }
            case EMAIL -> {
                model.addAttribute("emailError", errors.get("newEmail").get(0));
                model.addAttribute("newEmail", refused.value("newEmail", ""));
            }
            case PASSWORD -> {
                if (errors.containsKey("currentPassword")) {
                    model.addAttribute("currentPasswordError", errors.get("currentPassword").get(0));
                }
                if (refused.detail() instanceof PasswordFeedback.Keys feedback) {
                    model.addAttribute("feedback", feedback.render(pages));
                }
            }
            default -> throw new IllegalStateException("not a form of this page: " + refused.form());
        }
    }

    /**
     * The whole account page, also when it shows a refused form (then with the error summary at the top and every
     * section still there: a typo in the phone number must not hide the sessions or the second factors).
     */
    private String home(RealmDefinition definition, Account account, HttpSession session, Model model) {
        String realm = definition.name();
        model.addAttribute("sessions", sessionRows.rows(realm, account.id(), session.getId()));
        model.addAttribute("account", account);
        model.addAttribute("minLength", policies.forRealm(definition).rules().minLength());
        model.addAttribute("mfa", mfa.summary(definition, account.id()));
        // Providers that sign in to this account (linking: verified-email), by the realm file's name for them.
        String language = org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage();
        model.addAttribute("linkedProviders", upstreamLinks.linksOf(realm, account.id()).stream()
                .map(link -> new LinkedProvider(link.upstream(), definition.upstream(link.upstream())
                        .map(u -> u.displayName().in(language)).orElse(link.upstream()),
                        link.linkedAt().toString().substring(0, 10)))
                .toList());
        // Providers this account may link here (linking: console) and has no link with yet.
        model.addAttribute("linkableProviders", definition.upstreams().stream()
                .filter(nl.toegang.federation.upstream.ConsoleLinking::allowed)
                .filter(u -> upstreamLinks.linksOf(realm, account.id()).stream()
                        .noneMatch(link -> link.upstream().equals(u.id())))
                .map(u -> new LinkedProvider(u.id(), u.displayName().in(language), ""))
                .toList());
        if (session.getAttribute(PENDING_EMAIL + realm) instanceof PendingEmail pending) {
            model.addAttribute("pendingEmail", pending.email());
        }
        return "account/home";
    }

    @PostMapping("/realms/{realm}/account/profile")
    ResponseEntity<Void> profile(@PathVariable String realm, @RequestParam(defaultValue = "") String name,
                                 @RequestParam(defaultValue = "") String phone,
                                 @RequestParam(defaultValue = "nl") String locale, Authentication authentication,
                                 HttpServletRequest request, RedirectAttributes redirect) {
        RealmDefinition definition = pages.realm(realm);
        Account account = users.account(definition, authentication);
        boolean nameOk = !name.isBlank() && name.length() <= 200;
        boolean phoneOk = AccountSelfService.validPhone(phone);
        if (!nameOk || !phoneOk) {
            var draft = FormDraft.of(PROFILE).value("name", name).value("phone", phone)
                    .value("locale", "en".equals(locale) ? "en" : "nl");
            if (!nameOk) {
                draft.error("name", "account.error.name");
            }
            if (!phoneOk) {
                draft.error("phone", "account.error.phone");
            }
            return refused(request, realm, account, draft);
        }
        selfService.updateProfile(definition, account, name, phone, locale);
        drafts.clear(request, realm, account.id(), PROFILE);
        redirect.addFlashAttribute("notice", "account.saved");
        return RealmPages.seeOther("/realms/" + realm + "/account");
    }

    /**
     * A wrong current password is refused exactly as before (the same check, audit and throttling in
     * {@link AccountSelfService}); only the answer is a 303 to the page, with a draft that holds no password.
     */
    @PostMapping("/realms/{realm}/account/password")
    ResponseEntity<Void> password(@PathVariable String realm, @RequestParam(defaultValue = "") String currentPassword,
                                  @RequestParam(defaultValue = "") String newPassword, Authentication authentication,
                                  HttpServletRequest request, HttpServletResponse response,
                                  RedirectAttributes redirect) {
        RealmDefinition definition = pages.realm(realm);
        Account account = users.account(definition, authentication);
        recentSignIn.require(realm, request);
        var outcome = selfService.changePassword(definition, account, currentPassword, newPassword);
        if (outcome instanceof AccountSelfService.PasswordChange.Changed) {
            drafts.clear(request, realm, account.id(), PASSWORD);
            // Other sessions ended with the change; this browser continues with a fresh session.
            signIn.renew(realm, account.id(), List.of(signIn.factor(FactorGrantedAuthority.PASSWORD_AUTHORITY)),
                    request, response);
            // The change already stopped older sessions being accepted; remove and report them now.
            sessions.endAll(realm, account.id(), SsoSessionEnded.Reason.PASSWORD_RESET, request.getSession().getId());
            redirect.addFlashAttribute("notice", "account.passwordChanged");
            return RealmPages.seeOther("/realms/" + realm + "/account");
        }
        var draft = FormDraft.of(PASSWORD);
        if (outcome instanceof AccountSelfService.PasswordChange.Weak weak) {
            draft.error("newPassword", "register.error.password")
                    .detail(PasswordFeedback.Keys.of(weak.verdict(), policies.forRealm(definition).rules()));
        } else {
            draft.error("currentPassword", "account.error.currentPassword");
        }
        return refused(request, realm, account, draft);
    }

    @PostMapping("/realms/{realm}/account/email")
    ResponseEntity<Void> email(@PathVariable String realm, @RequestParam(defaultValue = "") String newEmail,
                               Authentication authentication, HttpServletRequest request, HttpSession session,
                               RedirectAttributes redirect) {
        RealmDefinition definition = pages.realm(realm);
        Account account = users.account(definition, authentication);
        recentSignIn.require(realm, request);
        if (!EmailAddresses.isValid(newEmail.trim())) {
            return refused(request, realm, account, FormDraft.of(EMAIL).value("newEmail", newEmail)
                    .error("newEmail", "register.error.email"));
        }
        String id = selfService.requestEmailChange(definition, account, newEmail.trim());
        drafts.clear(request, realm, account.id(), EMAIL);
        session.setAttribute(PENDING_EMAIL + realm, new PendingEmail(id, newEmail.trim()));
        redirect.addFlashAttribute("notice", "account.emailPending");
        return RealmPages.seeOther("/realms/" + realm + "/account");
    }

    /** Post/redirect/get for a refused form of this page: the draft is this account's only ({@link FormDrafts}). */
    private ResponseEntity<Void> refused(HttpServletRequest request, String realm, Account account,
                                         FormDraft.Builder draft) {
        return RealmPages.seeOther(drafts.keep(request, realm, account.id(), draft, "/realms/" + realm + "/account"));
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
