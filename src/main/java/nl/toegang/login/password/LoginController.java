package nl.toegang.login.password;

import nl.toegang.lockout.ThrottleNotice;
import nl.toegang.pages.ResumeTarget;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.account.LoginAttempt;
import nl.toegang.account.PasswordLogin;
import nl.toegang.lockout.DeviceCookieJar;
import nl.toegang.lockout.DeviceCookies;
import nl.toegang.login.LoginCompletion;
import nl.toegang.login.LoginOutcome;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.session.RealmRequestCache;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.http.HttpHeaders;
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

import java.net.URI;
import java.util.Optional;
import java.time.Clock;
import java.time.Instant;

/**
 * The email + password login page of a realm. Works without JavaScript; answers a credential POST with 303 so a
 * reload never re-submits the password. Throttled attempts, and the failure that starts a lock, also get a 303, to
 * {@code ?wait}, {@code ?locked} or {@code ?disabled}; the notice itself is kept in the session ({@link LoginNotices}),
 * so a reload or a language switch shows it again with the same end time.
 */
@Controller
public class LoginController {
    private final RealmRegistry realms;
    private final PasswordLogin passwordLogin;
    private final DeviceCookieJar deviceCookies;
    private final DeviceCookies deviceCookieRules;
    private final LoginCompletion completion;
    private final RealmRequestCache requests;
    private final LockEndTime lockEndTime;
    private final Clock clock;

    public LoginController(RealmRegistry realms, PasswordLogin passwordLogin, DeviceCookieJar deviceCookies,
                           DeviceCookies deviceCookieRules, LoginCompletion completion, RealmRequestCache requests,
                           LockEndTime lockEndTime, Clock clock) {
        this.lockEndTime = lockEndTime;
        this.deviceCookieRules = deviceCookieRules;
        this.requests = requests;
        this.completion = completion;
        this.realms = realms;
        this.passwordLogin = passwordLogin;
        this.deviceCookies = deviceCookies;
        this.clock = clock;
    }

    @GetMapping("/realms/{realm}/login")
    String loginPage(@PathVariable String realm, @RequestParam(required = false) String error,
                     @RequestParam(required = false) String unverified,
                     @RequestParam(required = false) String wait,
                     @RequestParam(required = false) String locked,
                     @RequestParam(required = false) String disabled,
                     @RequestParam(required = false) String signedOut,
                     @RequestParam(required = false) String resume, Authentication authentication,
                     HttpServletRequest request, HttpServletResponse response, Model model) {
        model.addAttribute("realmInfo", realm(realm));
        String authorizeRequest = resumeTarget(realm, resume, request, response);
        model.addAttribute("resume", authorizeRequest);
        // Already signed in (back button, double submit, a second tab): say so and offer to continue.
        model.addAttribute("alreadySignedIn", authorizeRequest != null && authentication != null
                && authentication.isAuthenticated() && !(authentication instanceof AnonymousAuthenticationToken));
        String language = org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage();
        RealmDefinition definition = realm(realm);
        model.addAttribute("digidOffered", definition.digid().isPresent());
        model.addAttribute("severalWays", definition.digid().isPresent() || !definition.upstreams().isEmpty());
        model.addAttribute("choices", choices(definition, lastChoice(request), language));
        var texts = realm(realm).texts();
        model.addAttribute("digidWho", texts.flatMap(t -> t.digidWho()).map(t -> t.in(language)).orElse(null));
        model.addAttribute("emailWho", texts.flatMap(t -> t.emailWho()).map(t -> t.in(language)).orElse(null));
        model.addAttribute("loginError", error != null);
        model.addAttribute("loginUnverified", unverified != null);
        // A refusal page keeps what was typed, also after a reload or the language switch (the flash is gone then).
        boolean refused = error != null || unverified != null || wait != null || locked != null || disabled != null;
        if (refused && !model.containsAttribute("email")) {
            LoginNotices.typedEmail(request, definition.name()).ifPresent(email -> model.addAttribute("email", email));
        }
        throttleNotice(realm, wait != null, locked != null, disabled != null, request, model);
        // "Sign in to link" (docs/upstream.md): say why the password is asked, and whose; the link is made only if
        // exactly that account's login completes (LoginCompletion).
        var link = nl.toegang.login.PendingAccountLink.current(request, definition.name(), clock.instant());
        model.addAttribute("linkPending", link.orElse(null));
        if (link.isPresent() && !model.containsAttribute("email")) {
            model.addAttribute("email", link.get().email());
        }
        model.addAttribute("signedOutEverywhere", signedOut != null);
        return "login/login";
    }

    /**
     * The lock or wait notice: the one this session's last attempt got (same end time on every reload and in either
     * language), nothing once it has ended; the flag in the URL alone (no session, e.g. it expired) gives the general
     * wording without a time. Never derived from the URL's address or from any account.
     */
    private void throttleNotice(String realm, boolean wait, boolean locked, boolean disabled,
                                HttpServletRequest request, Model model) {
        Instant now = clock.instant();
        Optional<ThrottleNotice> last = LoginNotices.last(request, realm);
        if (last.isPresent()) {
            ThrottleNotice notice = last.get().at(now);
            boolean active = notice.activeAt(now);
            wait = active && "wait".equals(notice.flag());
            locked = active && "locked".equals(notice.flag());
            disabled = active && "disabled".equals(notice.flag());
            if (wait) {
                model.addAttribute("retryAmount", notice.amount());
            }
            if (locked) {
                var locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
                model.addAttribute("lockEnd", lockEndTime.format(notice.until(), now, locale));
                model.addAttribute("lockZone", lockEndTime.zoneName(locale));
            }
        }
        model.addAttribute("loginWait", wait);
        model.addAttribute("loginLocked", locked);
        model.addAttribute("loginDisabled", disabled);
        model.addAttribute("deviceCookieDays", deviceCookieRules.lifetime().toDays());
    }

    /**
     * One way to sign in on the login page: {@code digid}, {@code email}, an {@code upstream} provider, or an
     * {@code eidas} upstream (citizens of other EU countries, docs/eidas.md).
     */
    public record Choice(String kind, String id, String name, String who) {
    }

    /**
     * The ways to sign in, in the order shown: DigiD (residents) first, then the realm's upstream providers in file
     * order, then email; the way this browser chose last moves to the front. None is ever hidden.
     */
    static java.util.List<Choice> choices(RealmDefinition realm, String lastChoice, String language) {
        java.util.List<Choice> choices = new java.util.ArrayList<>();
        if (realm.digid().isPresent()) {
            choices.add(new Choice("digid", "digid", null, null));
        }
        for (var upstream : realm.upstreams()) {
            choices.add(new Choice(upstream.eidas() ? "eidas" : "upstream", upstream.id(),
                    upstream.displayName().in(language),
                    upstream.who().map(t -> t.in(language)).orElse(null)));
        }
        choices.add(new Choice("email", "email", null, null));
        for (int i = 0; i < choices.size(); i++) {
            if (cookieValue(choices.get(i)).equals(lastChoice)) {
                choices.add(0, choices.remove(i));
                break;
            }
        }
        return choices;
    }

    private static String cookieValue(Choice choice) {
        return choice.kind().equals("upstream") || choice.kind().equals("eidas") ? UPSTREAM_CHOICE_PREFIX + choice.id() : choice.kind();
    }

    private static final String UPSTREAM_CHOICE_PREFIX = "upstream-";

    /** An upstream provider's button: remembers the choice on this browser, then starts its login. */
    @GetMapping("/realms/{realm}/login/upstream/{upstream}")
    ResponseEntity<Void> chooseUpstream(@PathVariable String realm, @PathVariable String upstream,
                                        HttpServletRequest request, HttpServletResponse response) {
        RealmDefinition definition = realm(realm);
        var settings = definition.upstream(upstream)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown upstream"));
        rememberChoice(definition.name(), UPSTREAM_CHOICE_PREFIX + settings.id(), request, response);
        return seeOther("/realms/" + definition.name() + "/upstream/" + settings.id() + "/start");
    }

    /** The DigiD button: remembers the choice on this browser, then starts the DigiD login. */
    @GetMapping("/realms/{realm}/login/digid")
    ResponseEntity<Void> chooseDigid(@PathVariable String realm, HttpServletRequest request,
                                     HttpServletResponse response) {
        RealmDefinition definition = realm(realm);
        rememberChoice(definition.name(), "digid", request, response);
        return seeOther("/realms/" + definition.name() + "/saml/login");
    }

    /** Which way this browser signed in last time (never hides the other way; only the order changes). */
    private static String lastChoice(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return "";
        }
        for (var cookie : request.getCookies()) {
            if (CHOICE_COOKIE.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return "";
    }

    private static void rememberChoice(String realm, String choice, HttpServletRequest request,
                                       HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, org.springframework.http.ResponseCookie.from(CHOICE_COOKIE, choice)
                .path("/realms/" + realm + "/").maxAge(java.time.Duration.ofDays(365)).httpOnly(true)
                .secure(request.isSecure()).sameSite("Lax").build().toString());
    }

    private static final String CHOICE_COOKIE = "toegang-login-choice";

    @PostMapping("/realms/{realm}/login")
    ResponseEntity<Void> login(@PathVariable String realm,
                               @RequestParam(defaultValue = "") String email,
                               @RequestParam(defaultValue = "") String password,
                               @RequestParam(required = false) String resume,
                               HttpServletRequest request, HttpServletResponse response,
                               RedirectAttributes redirect) {
        RealmDefinition definition = realm(realm);
        Optional<String> target = ResumeTarget.of(resume, definition.name(), request.getContextPath());
        var outcome = passwordLogin.authenticate(new LoginAttempt(definition.name(), email, password,
                request.getRemoteAddr(), deviceCookies.sent(request, definition.name())));
        rememberChoice(definition.name(), "email", request, response);
        if (outcome instanceof PasswordLogin.Outcome.Authenticated ok) {
            LoginNotices.forget(request, definition.name());
            LoginNotices.forgetTypedEmail(request, definition.name());
            // The throttle's trusted-device cookie (lockout), issued at the password step whatever follows it.
            deviceCookies.write(request, response, definition.name(), ok.deviceCookie());
            // The password alone signs in only when no second factor is due: the completion decides.
            return seeOther(completion.complete(new LoginOutcome.PasswordVerified(definition.name(), ok.account(),
                    target), request, response));
        }
        LoginNotices.rememberTypedEmail(request, definition.name(), email);
        String login = "/realms/" + definition.name() + "/login?";
        ThrottleNotice notice = null;
        if (outcome instanceof PasswordLogin.Outcome.Throttled throttled) {
            notice = ThrottleNotice.of(throttled.decision(), clock.instant());
        } else if (outcome instanceof PasswordLogin.Outcome.Rejected rejected
                && ThrottleNotice.announcesLock(rejected.next())) {
            // The failure that starts the lock says so at once, not only the next attempt.
            notice = ThrottleNotice.of(rejected.next(), clock.instant());
        }
        if (notice != null) {
            LoginNotices.remember(request, definition.name(), notice);
            return seeOther(login + notice.flag());
        }
        LoginNotices.forget(request, definition.name());
        return outcome instanceof PasswordLogin.Outcome.EmailNotVerified
                ? seeOther(login + "unverified")
                : seeOther(login + "error");
    }

    /**
     * The authorization request this login page continues: the saved one (remembered in the session as the realm's
     * last one, for the back button after a login), else the last one, else a checked {@code resume} parameter.
     */
    private String resumeTarget(String realm, String resume, HttpServletRequest request,
                                HttpServletResponse response) {
        var saved = requests.getRequest(request, response);
        String context = request.getContextPath();
        Optional<String> fromSaved = saved == null ? Optional.empty()
                : ResumeTarget.fromAbsolute(saved.getRedirectUrl(), realm, context);
        var session = request.getSession(false);
        if (fromSaved.isPresent()) {
            request.getSession().setAttribute(LAST_AUTHORIZE + realm, fromSaved.get());
            return fromSaved.get();
        }
        Object last = session == null ? null : session.getAttribute(LAST_AUTHORIZE + realm);
        if (last instanceof String target) {
            return target;
        }
        return ResumeTarget.of(resume, realm, context).orElse(null);
    }

    private static final String LAST_AUTHORIZE = "TOEGANG_LAST_AUTHORIZE:";

    @GetMapping("/realms/{realm}/")
    String home(@PathVariable String realm, Model model) {
        model.addAttribute("realmInfo", realm(realm));
        // The next steps on the page: "Sign out" only for someone signed in to this realm.
        model.addAttribute("signedIn", nl.toegang.session.RealmLogout.current(realm).isPresent());
        return "login/home";
    }

    private RealmDefinition realm(String name) {
        return realms.find(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown realm"));
    }

    private static ResponseEntity<Void> seeOther(String location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(location)).build();
    }
}
