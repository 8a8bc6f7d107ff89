package nl.toegang.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.account.LoginAttempt;
import nl.toegang.account.PasswordLogin;
import nl.toegang.lockout.DeviceCookies;
import nl.toegang.mfa.login.MfaGate;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
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
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

/**
 * The email + password login page of a realm. Works without JavaScript; answers a credential POST with 303 so a
 * reload never re-submits the password. Throttled attempts also get a 303, to {@code ?wait}, {@code ?locked} or
 * {@code ?disabled}, with the number to show in the flash (a reload shows the message without the number).
 */
@Controller
public class LoginController {
    private final RealmRegistry realms;
    private final PasswordLogin passwordLogin;
    private final DeviceCookies deviceCookies;
    private final MfaGate mfaGate;
    private final Clock clock;

    public LoginController(RealmRegistry realms, PasswordLogin passwordLogin,
                           DeviceCookies deviceCookies, MfaGate mfaGate, Clock clock) {
        this.mfaGate = mfaGate;
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
                     @RequestParam(required = false) String disabled, Model model) {
        model.addAttribute("realmInfo", realm(realm));
        model.addAttribute("digidOffered", realm(realm).digid().isPresent());
        model.addAttribute("loginError", error != null);
        model.addAttribute("loginUnverified", unverified != null);
        model.addAttribute("loginWait", wait != null);
        model.addAttribute("loginLocked", locked != null);
        model.addAttribute("loginDisabled", disabled != null);
        return "login/login";
    }

    @PostMapping("/realms/{realm}/login")
    ResponseEntity<Void> login(@PathVariable String realm,
                               @RequestParam(defaultValue = "") String email,
                               @RequestParam(defaultValue = "") String password,
                               HttpServletRequest request, HttpServletResponse response,
                               RedirectAttributes redirect) {
        RealmDefinition definition = realm(realm);
        var outcome = passwordLogin.authenticate(new LoginAttempt(definition.name(), email, password,
                request.getRemoteAddr(), deviceCookie(request, definition.name())));
        if (outcome instanceof PasswordLogin.Outcome.Authenticated ok) {
            response.addHeader(HttpHeaders.SET_COOKIE, deviceCookie(definition.name(), ok.deviceCookie(), request));
            // The password alone signs in only when no second factor is due (mfa.login.MfaGate decides).
            return seeOther(mfaGate.afterPassword(definition, ok.account(), request, response));
        }
        redirect.addFlashAttribute("email", email);
        String login = "/realms/" + realm + "/login";
        if (outcome instanceof PasswordLogin.Outcome.Throttled throttled) {
            ThrottleNotice notice = ThrottleNotice.of(throttled.decision(), clock.instant());
            redirect.addFlashAttribute("retryAmount", notice.amount());
            return seeOther(login + "?" + notice.flag());
        }
        return outcome instanceof PasswordLogin.Outcome.EmailNotVerified
                ? seeOther(login + "?unverified")
                : seeOther(login + "?error");
    }

    @GetMapping("/realms/{realm}/")
    String home(@PathVariable String realm, Model model) {
        model.addAttribute("realmInfo", realm(realm));
        return "login/home";
    }

    private static Optional<String> deviceCookie(HttpServletRequest request, String realm) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        String name = DeviceCookies.cookieName(realm);
        return Arrays.stream(cookies).filter(c -> name.equals(c.getName())).map(Cookie::getValue).findFirst();
    }

    private String deviceCookie(String realm, String value, HttpServletRequest request) {
        return ResponseCookie.from(DeviceCookies.cookieName(realm), value)
                .path(DeviceCookies.cookiePath(realm))
                .httpOnly(true)
                .secure(request.isSecure())
                .sameSite("Lax")
                .maxAge(deviceCookies.lifetime())
                .build().toString();
    }

    private RealmDefinition realm(String name) {
        return realms.find(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown realm"));
    }

    private static ResponseEntity<Void> seeOther(String location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(location)).build();
    }
}
