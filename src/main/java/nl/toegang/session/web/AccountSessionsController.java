package nl.toegang.session.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import nl.toegang.session.SessionIds;
import nl.toegang.session.SessionRows;
import nl.toegang.session.SsoSessionEnded;
import nl.toegang.session.SsoSessionEndings;
import nl.toegang.session.SsoSessions;
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

/**
 * The "Where you are signed in" part of the account page: end one other session, all other sessions, or every
 * session including this one ("sign out everywhere", which also revokes the refresh tokens). Sessions are named by
 * their {@code sid}, never by session id. The list itself is rendered by the account page ({@link SessionRows}).
 * Signing out everywhere is asked first (a page with a "Yes" button); a POST without that answer only shows the
 * question. The answers land at the top of the account page ({@code #notice}), not at the list further down.
 */
@Controller
public class AccountSessionsController {
    private final RealmPages pages;
    private final SsoSessions sessions;
    private final SsoSessionEndings endings;

    public AccountSessionsController(RealmPages pages, SsoSessions sessions, SsoSessionEndings endings) {
        this.pages = pages;
        this.sessions = sessions;
        this.endings = endings;
    }

    @PostMapping("/realms/{realm}/account/sessions/end")
    Object endOne(@PathVariable String realm, @RequestParam(defaultValue = "") String sid,
                  Authentication authentication, HttpSession session, RedirectAttributes redirect) {
        String subject = subject(realm, authentication);
        // This browser's own session is not ended here (it would end mid-request); it has "sign out everywhere".
        boolean ended = !sid.equals(SessionIds.sid(session.getId()))
                && sessions.end(realm, subject, sid, SsoSessionEnded.Reason.SIGN_OUT_EVERYWHERE);
        redirect.addFlashAttribute("notice", ended ? "sessions.ended" : "sessions.alreadyEnded");
        return RealmPages.seeOther("/realms/" + realm + "/account#notice");
    }

    @PostMapping("/realms/{realm}/account/sessions/end-others")
    Object endOthers(@PathVariable String realm, Authentication authentication, HttpSession session,
                     RedirectAttributes redirect) {
        String subject = subject(realm, authentication);
        int ended = sessions.endAll(realm, subject, SsoSessionEnded.Reason.SIGN_OUT_EVERYWHERE, session.getId());
        redirect.addFlashAttribute("notice", ended > 0 ? "sessions.othersEnded" : "sessions.noOthers");
        return RealmPages.seeOther("/realms/" + realm + "/account#notice");
    }

    @GetMapping("/realms/{realm}/account/sessions/end-all")
    String confirmEndAll(@PathVariable String realm, Authentication authentication, Model model) {
        pages.realm(realm, model);
        subject(realm, authentication);
        model.addAttribute("confirmHeading", pages.message("sessions.endAll.confirmTitle"));
        model.addAttribute("confirmText", pages.message("sessions.endAllExplain"));
        model.addAttribute("confirmAction", "/realms/" + realm + "/account/sessions/end-all");
        model.addAttribute("confirmYes", pages.message("sessions.endAll.confirmYes"));
        model.addAttribute("cancelUrl", "/realms/" + realm + "/account#sessions");
        return "account/confirm";
    }

    @PostMapping("/realms/{realm}/account/sessions/end-all")
    Object endAll(@PathVariable String realm, @RequestParam(defaultValue = "") String confirmed,
                  Authentication authentication, HttpServletRequest request) {
        String subject = subject(realm, authentication);
        if (!"yes".equals(confirmed)) {
            return RealmPages.seeOther("/realms/" + realm + "/account/sessions/end-all");
        }
        HttpSession session = request.getSession();
        sessions.signOutEverywhere(realm, subject, SsoSessionEnded.Reason.SIGN_OUT_EVERYWHERE);
        // The store no longer has this session either; invalidate the request's copy so it is not saved again.
        endings.ended(session.getId(), realm, subject, SsoSessionEnded.Reason.SIGN_OUT_EVERYWHERE);
        session.invalidate();
        return RealmPages.seeOther("/realms/" + realm + "/login?signedOut");
    }

    private String subject(String realm, Authentication authentication) {
        pages.realm(realm);
        if (authentication == null) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED);
        }
        return authentication.getName();
    }
}
