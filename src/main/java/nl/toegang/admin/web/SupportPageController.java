package nl.toegang.admin.web;

import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.account.Account;
import nl.toegang.account.AccountRepository;
import nl.toegang.account.StaffRoles;
import nl.toegang.console.ConsoleTexts;
import nl.toegang.admin.StaffAction;
import nl.toegang.admin.StaffReason;
import nl.toegang.admin.SupportActions;
import nl.toegang.audit.AuditQuery;
import nl.toegang.account.AccountLockouts;
import nl.toegang.mfa.MfaSettings;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.pages.RealmPages;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;
import java.util.Optional;

/**
 * The support pages for helpdesk staff, at {@code /realms/admin/support}: find an account in a realm, see what
 * support may see (never a password hash, second-factor secret or BSN), and unlock, reset MFA (admin role), send a
 * password reset or end sessions, each with a reason that goes into the audit trail. Staff sign in to realm
 * {@code admin} like anyone else (password and second factor); {@link StaffAccess} checks the role per request, and
 * {@link StaffAction}'s table (shared with the admin API) says what each role may do in which realm.
 */
@Controller
public class SupportPageController {
    static final String BASE = "/realms/" + StaffRoles.REALM + "/support";
    static final int PAGE_SIZE = 20;

    private final RealmPages pages;
    private final RealmRegistry realms;
    private final AccountRepository accounts;
    private final AccountLockouts lockouts;
    private final MfaSettings mfa;
    private final AuditQuery audit;
    private final SupportActions actions;
    private final StaffAccess access;
    private final ConsoleTexts texts;
    private final nl.toegang.federation.digid.UpstreamLinks upstreamLinks;

    public SupportPageController(RealmPages pages, RealmRegistry realms, AccountRepository accounts,
                                 AccountLockouts lockouts, MfaSettings mfa, AuditQuery audit, SupportActions actions,
                                 StaffAccess access, ConsoleTexts texts,
                                 nl.toegang.federation.digid.UpstreamLinks upstreamLinks) {
        this.upstreamLinks = upstreamLinks;
        this.pages = pages;
        this.realms = realms;
        this.accounts = accounts;
        this.lockouts = lockouts;
        this.mfa = mfa;
        this.audit = audit;
        this.actions = actions;
        this.access = access;
        this.texts = texts;
    }

    /** An account line as support sees it. */
    public record AccountRow(String id, String email, String name, boolean enabled, boolean emailVerified) {
        static AccountRow of(Account a) {
            return new AccountRow(a.id(), a.email(), a.name(), a.enabled(), a.emailVerified());
        }
    }

    /** An audit line on the account page: what, when, by whom, why. */
    public record TrailLine(String when, String what, String actor, String reason) {
    }

    @GetMapping({BASE, BASE + "/"})
    String search(@RequestParam(defaultValue = "") String realm, @RequestParam(defaultValue = "") String q,
                  Authentication authentication, Model model, HttpServletResponse response) {
        pages.realm(StaffRoles.REALM, model);
        Optional<StaffAccess.Staff> staff = access.staff(authentication);
        if (staff.isEmpty()) {
            return forbidden(response);
        }
        if (realms.find(realm).isPresent() && !StaffAction.SEARCH_ACCOUNTS.allows(staff.get().roles(), realm)) {
            return forbidden(response);
        }
        List<String> searchable = searchableRealms(staff.get());
        model.addAttribute("realms", searchable);
        model.addAttribute("realm", realm.isEmpty() && !searchable.isEmpty() ? searchable.get(0) : realm);
        model.addAttribute("q", q);
        if (!q.isBlank()) {
            if (!searchable.contains(realm) || q.length() > 320) {
                response.setStatus(HttpStatus.BAD_REQUEST.value());
                model.addAttribute("searchError", pages.message("support.searchError"));
            } else {
                model.addAttribute("results", accounts.search(realm, q, 0, PAGE_SIZE).stream()
                        .map(AccountRow::of).toList());
            }
        }
        return "support/search";
    }

    @GetMapping(BASE + "/realms/{realm}/users/{id}")
    String account(@PathVariable String realm, @PathVariable String id, Authentication authentication, Model model,
                   HttpServletResponse response) {
        pages.realm(StaffRoles.REALM, model);
        Optional<StaffAccess.Staff> staff = access.staff(authentication);
        if (staff.isEmpty()) {
            return forbidden(response);
        }
        if (realms.find(realm).isPresent() && !StaffAction.VIEW_ACCOUNT.allows(staff.get().roles(), realm)) {
            return forbidden(response);
        }
        Optional<RealmDefinition> definition = realms.find(realm);
        Optional<Account> account = definition.flatMap(r -> accounts.findById(realm, id));
        if (account.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "support/not-found";
        }
        model.addAttribute("target", AccountRow.of(account.get()));
        model.addAttribute("targetRealm", realm);
        model.addAttribute("lockout", lockouts.state(realm, id).orElse(null));
        model.addAttribute("mfa", mfa.summary(definition.get(), id));
        // Which providers are linked, by the realm file's name: never the provider's sub, NameID or address.
        String language = org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage();
        model.addAttribute("linkedProviders", upstreamLinks.linksOf(realm, id).stream()
                .map(link -> definition.get().upstream(link.upstream()).map(u -> u.displayName().in(language))
                        .orElse(link.upstream()))
                .toList());
        // Only the buttons the staff member's roles allow (StaffAction, as in the API): support sees no MFA reset.
        model.addAttribute("actions", StaffAction.PAGE_ACTIONS.stream()
                .filter(a -> a.allows(staff.get().roles(), realm)).map(StaffAction::path).toList());
        model.addAttribute("trail", audit.find(new AuditQuery.Filter(realm, Optional.of(id), Optional.empty(),
                        Optional.empty(), Optional.empty(), 0, 15)).stream()
                .map(e -> new TrailLine(texts.when(e.occurredAt()), texts.event(e.type(), e.outcome()),
                        e.actor().orElse(""), e.reason().filter(r -> e.actor().isPresent()).orElse("")))
                .toList());
        return "support/account";
    }

    @PostMapping(BASE + "/realms/{realm}/users/{id}/{action}")
    Object act(@PathVariable String realm, @PathVariable String id, @PathVariable String action,
               @RequestParam(defaultValue = "") String reason, Authentication authentication, Model model,
               HttpServletResponse response, RedirectAttributes redirect) {
        pages.realm(StaffRoles.REALM, model);
        Optional<StaffAccess.Staff> staff = access.staff(authentication);
        if (staff.isEmpty()) {
            return forbidden(response);
        }
        Optional<StaffAction> staffAction = StaffAction.pageAction(action);
        if (realms.find(realm).isEmpty() || staffAction.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "support/not-found";
        }
        if (!staffAction.get().allows(staff.get().roles(), realm)) {
            return forbidden(response);
        }
        StaffReason why;
        try {
            why = StaffReason.parse(reason);
        } catch (StaffReason.Invalid missingOrTooLong) {
            redirect.addFlashAttribute("reasonError", action);
            return RealmPages.seeOther(accountPath(realm, id));
        }
        String actor = staff.get().actor();
        boolean done = switch (staffAction.get()) {
            case UNLOCK -> actions.unlock(realm, id, actor, why);
            case SEND_PASSWORD_RESET -> actions.sendPasswordReset(realm, id, actor, why);
            case END_SESSIONS -> actions.endSessions(realm, id, actor, why);
            case RESET_MFA -> actions.resetMfa(realm, id, actor, why);
            default -> throw new IllegalStateException("not a page action: " + staffAction.get());
        };
        if (!done) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "support/not-found";
        }
        redirect.addFlashAttribute("notice", "support.done." + action);
        return RealmPages.seeOther(accountPath(realm, id));
    }

    private static String accountPath(String realm, String id) {
        return BASE + "/realms/" + realm + "/users/" + id;
    }

    private String forbidden(HttpServletResponse response) {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        return "support/forbidden";
    }

    /** Realms the staff member may search: the staff realm only for the admin role (StaffAction). */
    private List<String> searchableRealms(StaffAccess.Staff staff) {
        return realms.all().stream().map(RealmDefinition::name)
                .filter(n -> StaffAction.SEARCH_ACCOUNTS.allows(staff.roles(), n)).sorted().toList();
    }
}
