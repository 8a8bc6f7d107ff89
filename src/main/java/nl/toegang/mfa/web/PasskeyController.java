package nl.toegang.mfa.web;

import com.yubico.webauthn.data.UserVerificationRequirement;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.account.Account;
import nl.toegang.account.AccountRepository;
import nl.toegang.console.web.ConsoleUsers;
import nl.toegang.console.ConsolePaths;
import nl.toegang.console.ConsoleSignIn;
import nl.toegang.console.ReauthenticationRequired;
import nl.toegang.console.RecentSignIn;
import nl.toegang.account.device.NewDeviceNotices;
import nl.toegang.account.device.SignInMethod;
import nl.toegang.audit.AuditLog;
import nl.toegang.mfa.Factors;
import nl.toegang.mfa.login.PendingLogin;
import nl.toegang.mfa.login.PendingLogins;
import nl.toegang.mfa.login.SecondFactorCompletion;
import nl.toegang.mfa.passkey.PasskeyChallenges;
import nl.toegang.mfa.passkey.PasskeyChallenges.Purpose;
import nl.toegang.mfa.passkey.Passkeys;
import nl.toegang.mfa.recovery.RecoveryCodes;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.session.RealmSignIn;
import nl.toegang.pages.RealmPages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON side of passkey ceremonies, called by static/js/passkey.js (CSRF token in a header): options
 * ({@code .../options}) then the browser's answer. Registration needs a signed-in account; passwordless login needs
 * nothing; the second factor needs a {@link PendingLogin}. Failures get one generic answer; the reason is logged.
 */
@Controller
public class PasskeyController {
    private static final Logger log = LoggerFactory.getLogger(PasskeyController.class);
    public static final String NEW_CODES = "TOEGANG_NEW_RECOVERY_CODES:";

    private final RealmPages pages;
    private final AccountRepository accounts;
    private final ConsoleUsers users;
    private final Passkeys passkeys;
    private final PasskeyChallenges challenges;
    private final PendingLogins pendingLogins;
    private final SecondFactorCompletion completion;
    private final RealmSignIn signIn;
    private final RecoveryCodes recoveryCodes;
    private final RecentSignIn recentSignIn;
    private final ConsoleSignIn consoleSignIn;
    private final NewDeviceNotices newDevices;
    private final AuditLog audit;

    public PasskeyController(RealmPages pages, AccountRepository accounts, Passkeys passkeys,
                             PasskeyChallenges challenges, PendingLogins pendingLogins,
                             SecondFactorCompletion completion, RealmSignIn signIn, RecoveryCodes recoveryCodes,
                             RecentSignIn recentSignIn, NewDeviceNotices newDevices,
                             AuditLog audit, ConsoleSignIn consoleSignIn, ConsoleUsers users) {
        this.users = users;
        this.consoleSignIn = consoleSignIn;
        this.newDevices = newDevices;
        this.audit = audit;
        this.recentSignIn = recentSignIn;
        this.pages = pages;
        this.accounts = accounts;
        this.passkeys = passkeys;
        this.challenges = challenges;
        this.pendingLogins = pendingLogins;
        this.completion = completion;
        this.signIn = signIn;
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
                                    HttpServletRequest request) {
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
        String next = "/realms/" + realm + "/account";
        if (recoveryCodes.remaining(realm, account.id()) == 0) {
            // A first second factor comes with recovery codes; shown once on the next page.
            request.getSession().setAttribute(NEW_CODES + realm,
                    new ArrayList<>(recoveryCodes.generate(realm, account.id())));
            next = next + "/recovery-codes/new";
        }
        return ResponseEntity.ok(Map.of("redirect", next));
    }

    @PostMapping("/realms/{realm}/passkeys/login/options")
    ResponseEntity<String> loginOptions(@PathVariable String realm, HttpServletRequest request) {
        RealmDefinition definition = pages.realm(realm);
        // No account is named and allowCredentials is empty: nothing here tells whether an address has passkeys.
        Passkeys.Started started = passkeys.startLogin(definition, Optional.empty(),
                UserVerificationRequirement.REQUIRED);
        challenges.put(request, realm, Purpose.LOGIN, started.serverJson());
        return json(started.browserJson());
    }

    @PostMapping("/realms/{realm}/passkeys/login")
    ResponseEntity<Object> login(@PathVariable String realm, @RequestBody String credential,
                                 HttpServletRequest request, HttpServletResponse response) {
        RealmDefinition definition = pages.realm(realm);
        Optional<String> ceremony = challenges.take(request, realm, Purpose.LOGIN);
        if (ceremony.isEmpty()) {
            return failed("no ceremony");
        }
        var outcome = passkeys.finishLogin(definition, ceremony.get(), credential, Optional.empty());
        if (outcome instanceof Passkeys.Login.Verified verified) {
            Optional<Account> account = accounts.findById(realm, verified.accountId())
                    .filter(Account::enabled).filter(Account::emailVerified);
            if (account.isEmpty()) {
                return failed("account not usable");
            }
            pendingLogins.end(request, realm);
            String next = signIn.signIn(realm, verified.accountId(), factors(verified.userVerified()), request,
                    response);
            newDevices.signInCompleted(definition, verified.accountId(), SignInMethod.PASSKEY, request, response);
            return ResponseEntity.ok(Map.of("redirect", next));
        }
        return failed(((Passkeys.Login.Rejected) outcome).reason());
    }

    @PostMapping("/realms/{realm}/passkeys/second-factor/options")
    ResponseEntity<String> secondFactorOptions(@PathVariable String realm, HttpServletRequest request) {
        RealmDefinition definition = pages.realm(realm);
        PendingLogin pending = pending(request, realm);
        Passkeys.Started started = passkeys.startLogin(definition, Optional.of(pending.accountId()),
                UserVerificationRequirement.PREFERRED);
        challenges.put(request, realm, Purpose.SECOND_FACTOR, started.serverJson());
        return json(started.browserJson());
    }

    @PostMapping("/realms/{realm}/passkeys/second-factor")
    ResponseEntity<Object> secondFactor(@PathVariable String realm, @RequestBody String credential,
                                        HttpServletRequest request, HttpServletResponse response) {
        RealmDefinition definition = pages.realm(realm);
        PendingLogin pending = pending(request, realm);
        Optional<String> ceremony = challenges.take(request, realm, Purpose.SECOND_FACTOR);
        if (ceremony.isEmpty()) {
            return failed("no ceremony");
        }
        var outcome = passkeys.finishLogin(definition, ceremony.get(), credential, Optional.of(pending.accountId()));
        if (outcome instanceof Passkeys.Login.Verified verified) {
            List<String> factors = new ArrayList<>(List.of(Factors.PASSKEY));
            if (verified.userVerified()) {
                factors.add(Factors.USER_VERIFIED);
            }
            return ResponseEntity.ok(Map.of("redirect", completion.complete(pending, factors, request, response)));
        }
        return failed(((Passkeys.Login.Rejected) outcome).reason());
    }

    private List<GrantedAuthority> factors(boolean userVerified) {
        List<GrantedAuthority> factors = new ArrayList<>();
        factors.add(signIn.factor(Factors.PASSKEY));
        if (userVerified) {
            factors.add(signIn.factor(Factors.USER_VERIFIED));
        }
        return factors;
    }

    private PendingLogin pending(HttpServletRequest request, String realm) {
        return pendingLogins.current(request, realm).filter(p -> p.step() == PendingLogin.Step.SECOND_FACTOR)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN));
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
