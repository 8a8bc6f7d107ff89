package nl.toegang.console.web;

import jakarta.servlet.http.HttpServletRequest;
import nl.toegang.account.Account;
import nl.toegang.console.web.ConsoleUsers;
import nl.toegang.console.ConsolePaths;
import nl.toegang.console.ConsoleSignIn;
import nl.toegang.console.ReauthenticationRequired;
import nl.toegang.console.RecentSignIn;
import nl.toegang.audit.AuditLog;
import nl.toegang.mfa.passkey.PasskeyChallenges;
import nl.toegang.mfa.passkey.PasskeyChallenges.Purpose;
import nl.toegang.mfa.passkey.Passkeys;
import nl.toegang.mfa.recovery.RecoveryCodes;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.pages.RealmPages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.RequestContextUtils;
import jakarta.servlet.http.HttpServletResponse;

import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON side of adding a passkey, called by static/js/passkey.js (CSRF token in a header): options
 * ({@code .../options}) then the browser's answer. Needs a signed-in account and a recent sign-in. Failures get one
 * generic answer; the reason is logged. Signing in with a passkey is login.passkey.PasskeyLoginController.
 */
@Controller
public class PasskeyEnrolmentController {
    private static final Logger log = LoggerFactory.getLogger(PasskeyEnrolmentController.class);
    public static final String NEW_CODES = "TOEGANG_NEW_RECOVERY_CODES:";

    private final RealmPages pages;
    private final ConsoleUsers users;
    private final Passkeys passkeys;
    private final PasskeyChallenges challenges;
    private final RecoveryCodes recoveryCodes;
    private final RecentSignIn recentSignIn;
    private final ConsoleSignIn consoleSignIn;
    private final AuditLog audit;

    public PasskeyEnrolmentController(RealmPages pages, Passkeys passkeys, PasskeyChallenges challenges,
                             RecoveryCodes recoveryCodes, RecentSignIn recentSignIn, AuditLog audit,
                             ConsoleSignIn consoleSignIn, ConsoleUsers users) {
        this.users = users;
        this.consoleSignIn = consoleSignIn;
        this.audit = audit;
        this.recentSignIn = recentSignIn;
        this.pages = pages;
        this.passkeys = passkeys;
        this.challenges = challenges;
        this.recoveryCodes = recoveryCodes;
    }

    @PostMapping("/realms/{realm}/account/passkeys/register/options")
    ResponseEntity<String> registerOptions(@PathVariable String realm, Authentication authentication,
                                           HttpServletRequest request) {
        RealmDefinition definition = pages.realm(realm);
        Passkeys.Started started = passkeys.startRegistration(definition, current(definition, authentication, request));
        challenges.put(request, realm, Purpose.REGISTER, started.serverJson());
        return json(started.browserJson());
    }

    @PostMapping("/realms/{realm}/account/passkeys/register")
    ResponseEntity<Object> register(@PathVariable String realm, @RequestParam(defaultValue = "") String name,
                                    @RequestBody String credential, Authentication authentication,
                                    HttpServletRequest request, HttpServletResponse response) {
        RealmDefinition definition = pages.realm(realm);
        Account account = current(definition, authentication, request);
        Optional<String> ceremony = challenges.take(request, realm, Purpose.REGISTER);
        if (ceremony.isEmpty()) {
            return failed("no ceremony");
        }
        var outcome = passkeys.finishRegistration(definition, account, ceremony.get(), credential, name);
        if (outcome instanceof Passkeys.Registration.Rejected rejected) {
            return failed(rejected.reason());
        }
        audit.event(realm, "passkey-added", "success").account(account.id()).record();
        String home = "/realms/" + realm + "/account";
        // The script follows "redirect" itself, so the confirmation travels as a flash attribute saved by hand for
        // the account page (after the recovery codes, if they come first).
        FlashMap flash = new FlashMap();
        flash.put("notice", "passkey.added");
        flash.setTargetRequestPath(request.getContextPath() + home);
        RequestContextUtils.getFlashMapManager(request).saveOutputFlashMap(flash, request, response);
        String next = home + "#notice";
        if (recoveryCodes.remaining(realm, account.id()) == 0) {
            // A first second factor comes with recovery codes; shown once on the next page.
            request.getSession().setAttribute(NEW_CODES + realm,
                    new ArrayList<>(recoveryCodes.generate(realm, account.id())));
            next = home + "/recovery-codes/new";
        }
        return ResponseEntity.ok(Map.of("redirect", next));
    }

    private Account current(RealmDefinition realm, Authentication authentication, HttpServletRequest request) {
        // A DigiD identity has no passkeys here (refused before anything else); adding one needs a recent sign-in
        // (ASVS 7.5.1), see signInAgain.
        Account account = users.account(realm, authentication);
        recentSignIn.require(realm.name(), request);
        return account;
    }

    /**
     * A JSON ceremony cannot follow a redirect: the answer names the sign-in (with {@code max_age}) that the page's
     * script goes to (passkey.js), after which the person adds the passkey again.
     */
    @ExceptionHandler(ReauthenticationRequired.class)
    ResponseEntity<Object> signInAgain(ReauthenticationRequired e, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("error", "sign-in-again",
                "redirect", consoleSignIn.start(e.realm(), ConsolePaths.home(e.realm()), true, request)));
    }

    private static ResponseEntity<Object> failed(String reason) {
        log.info("passkey ceremony refused: {}", reason);
        return ResponseEntity.badRequest().body(Map.of("error", "passkey-failed"));
    }

    private static ResponseEntity<String> json(String body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
