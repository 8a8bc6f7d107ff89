package nl.toegang.console.web;

import nl.toegang.console.ConsoleTexts;
import nl.toegang.console.web.ConsoleUsers;
import nl.toegang.audit.AuditEvent;
import nl.toegang.lockout.AccountUnlocked;
import nl.toegang.audit.AuditQuery;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.pages.RealmPages;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;
import java.util.Optional;

/**
 * Recent security activity of the signed-in account, in plain words, from the audit trail: sign-ins, failures,
 * lockouts, changes to password, email address and second factors, and what support did. Only events of this
 * account; the address is shown only for what happened at the account holder's side, never a staff member's.
 */
@Controller
public class AccountActivityController {
    static final int PAGE_SIZE = 20;
    /** Enough to look back a long way; a deeper page number is refused rather than scanning the table. */
    static final int MAX_PAGE = 50;

    private final RealmPages pages;
    private final ConsoleUsers users;
    private final AuditQuery audit;
    private final ConsoleTexts texts;

    public AccountActivityController(RealmPages pages, ConsoleUsers users, AuditQuery audit,
                                     ConsoleTexts texts) {
        this.pages = pages;
        this.users = users;
        this.audit = audit;
        this.texts = texts;
    }

    /**
     * One line of the list.
     *
     * @param ip      where it came from; empty when staff did it (their address is theirs, not the account's)
     * @param byStaff done by support or an admin, not by the account holder
     */
    public record ActivityLine(String when, String what, String how, Optional<String> ip, boolean byStaff,
                               boolean failure) {
    }

    @GetMapping("/realms/{realm}/account/activity")
    String activity(@PathVariable String realm, @RequestParam(defaultValue = "0") String page,
                    Authentication authentication, Model model) {
        RealmDefinition definition = pages.realm(realm, model);
        String subject = users.current(definition, authentication).subject();
        int number = pageNumber(page);
        // One more than a page: tells whether there is an older page without a count query.
        List<AuditEvent> events = audit.find(new AuditQuery.Filter(realm, Optional.of(subject),
                Optional.empty(), Optional.empty(), Optional.empty(), number, PAGE_SIZE + 1));
        model.addAttribute("lines", events.stream().limit(PAGE_SIZE).map(this::line).toList());
        model.addAttribute("page", number);
        model.addAttribute("older", events.size() > PAGE_SIZE && number < MAX_PAGE);
        return "account/activity";
    }

    private ActivityLine line(AuditEvent event) {
        boolean byStaff = event.actor().isPresent();
        return new ActivityLine(texts.when(event.occurredAt()), texts.event(event.type(), event.outcome()), how(event),
                byStaff ? Optional.empty() : event.ip(), byStaff, "failure".equals(event.outcome()));
    }

    /** The reason is staff's free text and never shown; only reasons the system itself writes are put into words. */
    private String how(AuditEvent event) {
        boolean success = "success".equals(event.outcome());
        if ("login".equals(event.type()) && success) {
            return event.reason().map(texts::factors).orElse("");
        }
        if ("unlock".equals(event.type()) && event.actor().isEmpty()
                && event.reason().filter(AccountUnlocked.PASSWORD_RESET::equals).isPresent()) {
            return texts.phrase("activity.how.password-reset");
        }
        return "";
    }

    private static int pageNumber(String page) {
        try {
            int number = Integer.parseInt(page);
            if (number >= 0 && number <= MAX_PAGE) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the 400 below
        }
        throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "page must be a number from 0 to " + MAX_PAGE);
    }

}
