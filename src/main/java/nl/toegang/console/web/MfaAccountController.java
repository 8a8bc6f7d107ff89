package nl.toegang.console.web;

import nl.toegang.console.web.PasskeyEnrolmentController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import nl.toegang.account.Account;
import nl.toegang.console.web.ConsoleUsers;
import nl.toegang.console.RecentSignIn;
import nl.toegang.audit.AuditLog;
import nl.toegang.mfa.MfaSettings;
import nl.toegang.mfa.passkey.PasskeyRepository;
import nl.toegang.mfa.passkey.Passkeys;
import nl.toegang.mfa.recovery.RecoveryCodes;
import nl.toegang.mfa.totp.PendingTotp;
import nl.toegang.mfa.totp.TotpEnrollment;
import nl.toegang.realm.MfaPolicy;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.pages.LanguageLinksAdvice;
import nl.toegang.pages.RealmPages;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Clock;
import java.util.List;

/**
 * Second factors on the account page: set up or remove the authenticator app, rename or delete passkeys (adding one
 * is a JSON ceremony, {@link PasskeyEnrolmentController}), and make a new set of recovery codes.
 * Codes and keys are shown once, on the page answering the POST, and are never stored in a readable form.
 */
@Controller
public class MfaAccountController {
    private final RealmPages pages;
    private final ConsoleUsers users;
    private final TotpEnrollment totp;
    private final RecoveryCodes recoveryCodes;
    private final MfaSettings settings;
    private final PasskeyRepository passkeys;
    private final RecentSignIn recentSignIn;
    private final AuditLog audit;
    private final Clock clock;

    public MfaAccountController(RealmPages pages, ConsoleUsers users, TotpEnrollment totp,
                                RecoveryCodes recoveryCodes, MfaSettings settings, PasskeyRepository passkeys,
                                RecentSignIn recentSignIn, AuditLog audit, Clock clock) {
        this.audit = audit;
        this.passkeys = passkeys;
        this.recentSignIn = recentSignIn;
        this.pages = pages;
        this.users = users;
        this.totp = totp;
        this.recoveryCodes = recoveryCodes;
        this.settings = settings;
        this.clock = clock;
    }

    @PostMapping("/realms/{realm}/account/totp")
    String begin(@PathVariable String realm, Authentication authentication, HttpServletRequest request, Model model) {
        RealmDefinition definition = enabled(realm, model);
        Account account = recentAccount(definition, authentication, request);
        return setupPage(realm, totp.begin(realm, account.id(), account.email()), model);
    }

    /**
     * The setup in progress again (after a language switch, a reload or a wrong code: {@code ?error}); the account
     * page when there is none.
     */
    @GetMapping("/realms/{realm}/account/totp")
    String resume(@PathVariable String realm, @RequestParam(required = false) String error,
                  Authentication authentication, HttpServletRequest request, Model model) {
        RealmDefinition definition = enabled(realm, model);
        Account account = recentAccount(definition, authentication, request);
        model.addAttribute("codeError", error != null);
        return totp.pending(realm, account.id(), account.email(), clock.instant())
                .map(key -> {
                    String page = setupPage(realm, key, model);
                    if (error != null) { // the other language shows the same error
                        model.addAttribute(LanguageLinksAdvice.LANGUAGE_PATH, "/realms/" + realm + "/account/totp?error");
                    }
                    return page;
                })
                .orElse("redirect:/realms/" + realm + "/account");
    }

    private String setupPage(String realm, PendingTotp key, Model model) {
        model.addAttribute("totp", key);
        model.addAttribute("confirmAction", "/realms/" + realm + "/account/totp/confirm");
        model.addAttribute("cancelAction", "/realms/" + realm + "/account");
        model.addAttribute(LanguageLinksAdvice.LANGUAGE_PATH, "/realms/" + realm + "/account/totp");
        return "mfa/totp-enrol";
    }

    @PostMapping("/realms/{realm}/account/totp/confirm")
    Object confirm(@PathVariable String realm, @RequestParam(defaultValue = "") String code,
                   Authentication authentication, HttpServletRequest request, HttpServletResponse response,
                   Model model, RedirectAttributes redirect) {
        RealmDefinition definition = enabled(realm, model);
        Account account = recentAccount(definition, authentication, request);
        if (!totp.confirm(realm, account.id(), code, clock.instant())) {
            // A typo keeps the person on the setup page with the same key; only an expired setup starts over. The
            // page comes from a GET (?error, as the login's own enrolment does), so a reload never posts the code.
            var pending = totp.pending(realm, account.id(), account.email(), clock.instant());
            if (pending.isEmpty()) {
                redirect.addFlashAttribute("notice", "mfa.totp.setupExpired");
                return RealmPages.seeOther("/realms/" + realm + "/account#notice");
            }
            return RealmPages.seeOther("/realms/" + realm + "/account/totp?error");
        }
        audit.event(realm, "mfa-app-added", "success").account(account.id()).record();
        if (recoveryCodes.remaining(realm, account.id()) > 0) {
            redirect.addFlashAttribute("notice", "mfa.totp.enrolled");
            return RealmPages.seeOther("/realms/" + realm + "/account#notice");
        }
        return showCodes(realm, recoveryCodes.generate(realm, account.id()), model);
    }

    @GetMapping("/realms/{realm}/account/totp/remove")
    String confirmRemove(@PathVariable String realm, Authentication authentication, Model model) {
        RealmDefinition definition = enabled(realm, model);
        users.account(definition, authentication);
        return confirmation(model, pages.message("mfa.account.appRemove.confirmTitle"),
                pages.message("mfa.account.appRemove.confirmText"), "/realms/" + realm + "/account/totp/remove",
                pages.message("mfa.account.appRemove.confirmYes"), realm);
    }

    @PostMapping("/realms/{realm}/account/totp/remove")
    Object remove(@PathVariable String realm, @RequestParam(defaultValue = "") String confirmed,
                  Authentication authentication, HttpServletRequest request, Model model,
                  RedirectAttributes redirect) {
        RealmDefinition definition = enabled(realm, model);
        Account account = recentAccount(definition, authentication, request);
        if (!"yes".equals(confirmed)) {
            return RealmPages.seeOther("/realms/" + realm + "/account/totp/remove");
        }
        if (!settings.mayRemove(definition, account.id(), MfaSettings.Factor.TOTP)) {
            redirect.addFlashAttribute("notice", "mfa.lastFactor");
            return RealmPages.seeOther("/realms/" + realm + "/account#notice");
        }
        totp.remove(realm, account.id());
        audit.event(realm, "mfa-app-removed", "success").account(account.id()).record();
        redirect.addFlashAttribute("notice", "mfa.totp.removed");
        return RealmPages.seeOther("/realms/" + realm + "/account#notice");
    }

    @PostMapping("/realms/{realm}/account/recovery-codes")
    String regenerate(@PathVariable String realm, Authentication authentication, HttpServletRequest request,
                      Model model) {
        RealmDefinition definition = enabled(realm, model);
        Account account = recentAccount(definition, authentication, request);
        audit.event(realm, "recovery-codes-new", "success").account(account.id()).record();
        return showCodes(realm, recoveryCodes.generate(realm, account.id()), model);
    }

    /** Recovery codes made together with a first passkey (JSON ceremony), shown once. */
    @GetMapping("/realms/{realm}/account/recovery-codes/new")
    Object newCodes(@PathVariable String realm, Authentication authentication, HttpSession session, Model model) {
        RealmDefinition definition = pages.realm(realm, model);
        users.account(definition, authentication);
        Object codes = session.getAttribute(PasskeyEnrolmentController.NEW_CODES + realm);
        session.removeAttribute(PasskeyEnrolmentController.NEW_CODES + realm);
        if (!(codes instanceof List<?> list) || list.isEmpty()) {
            return RealmPages.seeOther("/realms/" + realm + "/account#notice");
        }
        return showCodes(realm, list.stream().map(String::valueOf).toList(), model);
    }

    @PostMapping("/realms/{realm}/account/passkeys/{id}/rename")
    Object renamePasskey(@PathVariable String realm, @PathVariable String id,
                         @RequestParam(defaultValue = "") String name, Authentication authentication,
                         HttpServletRequest request, Model model, RedirectAttributes redirect) {
        RealmDefinition definition = pages.realm(realm, model);
        Account account = recentAccount(definition, authentication, request);
        passkeys.rename(realm, account.id(), id, Passkeys.cleanName(name));
        redirect.addFlashAttribute("notice", "passkey.renamed");
        return RealmPages.seeOther("/realms/" + realm + "/account#notice");
    }

    @GetMapping("/realms/{realm}/account/passkeys/{id}/delete")
    Object confirmDeletePasskey(@PathVariable String realm, @PathVariable String id, Authentication authentication,
                                Model model) {
        RealmDefinition definition = pages.realm(realm, model);
        Account account = users.account(definition, authentication);
        var passkey = passkeys.forAccount(realm, account.id()).stream().filter(p -> p.id().equals(id)).findFirst();
        if (passkey.isEmpty()) {
            return RealmPages.seeOther("/realms/" + realm + "/account"); // not this account's: nothing to ask
        }
        return confirmation(model, pages.message("passkey.delete.confirmTitle", passkey.get().name()),
                pages.message("passkey.delete.confirmText"),
                "/realms/" + realm + "/account/passkeys/" + passkey.get().id() + "/delete",
                pages.message("passkey.delete.confirmYes"), realm);
    }

    @PostMapping("/realms/{realm}/account/passkeys/{id}/delete")
    Object deletePasskey(@PathVariable String realm, @PathVariable String id,
                         @RequestParam(defaultValue = "") String confirmed, Authentication authentication,
                         HttpServletRequest request, Model model, RedirectAttributes redirect) {
        RealmDefinition definition = pages.realm(realm, model);
        Account account = recentAccount(definition, authentication, request);
        if (!"yes".equals(confirmed)) {
            return RealmPages.seeOther("/realms/" + realm + "/account/passkeys/"
                    + org.springframework.web.util.UriUtils.encodePathSegment(id, java.nio.charset.StandardCharsets.UTF_8)
                    + "/delete");
        }
        if (!settings.mayRemove(definition, account.id(), MfaSettings.Factor.PASSKEY)) {
            redirect.addFlashAttribute("notice", "mfa.lastFactor");
            return RealmPages.seeOther("/realms/" + realm + "/account#notice");
        }
        if (passkeys.delete(realm, account.id(), id)) {
            audit.event(realm, "passkey-removed", "success").account(account.id()).record();
        }
        redirect.addFlashAttribute("notice", "passkey.deleted");
        return RealmPages.seeOther("/realms/" + realm + "/account#notice");
    }

    /** The question before an action that cannot be undone (account/confirm); "Yes" posts confirmed=yes. */
    private static String confirmation(Model model, String heading, String text, String action, String yes,
                                       String realm) {
        model.addAttribute("confirmHeading", heading);
        model.addAttribute("confirmText", text);
        model.addAttribute("confirmAction", action);
        model.addAttribute("confirmYes", yes);
        model.addAttribute("cancelUrl", "/realms/" + realm + "/account");
        return "account/confirm";
    }

    private String showCodes(String realm, List<String> codes, Model model) {
        model.addAttribute("codes", codes);
        model.addAttribute("continueUrl", "/realms/" + realm + "/account");
        return "mfa/recovery-codes";
    }

    private RealmDefinition enabled(String realm, Model model) {
        RealmDefinition definition = pages.realm(realm, model);
        if (definition.settings().mfa() == MfaPolicy.OFF) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return definition;
    }

    /**
     * The signed-in account, after a recent sign-in; otherwise {@link RecentSignIn} sends the browser to sign in
     * again (console.ReauthenticationRequired).
     */
    private Account recentAccount(RealmDefinition realm, Authentication authentication, HttpServletRequest request) {
        Account account = users.account(realm, authentication);
        recentSignIn.require(realm.name(), request);
        return account;
    }

}
