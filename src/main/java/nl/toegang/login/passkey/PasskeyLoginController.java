package nl.toegang.login.passkey;

import com.yubico.webauthn.data.UserVerificationRequirement;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.account.Account;
import nl.toegang.account.AccountRepository;
import nl.toegang.login.LoginCompletion;
import nl.toegang.login.LoginMethod;
import nl.toegang.login.LoginOutcome;
import nl.toegang.login.secondfactor.SecondFactorOutcomes;
import nl.toegang.mfa.Factors;
import nl.toegang.mfa.PendingLogin;
import nl.toegang.mfa.PendingLogins;
import nl.toegang.mfa.passkey.PasskeyChallenges;
import nl.toegang.mfa.passkey.PasskeyChallenges.Purpose;
import nl.toegang.mfa.passkey.Passkeys;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.pages.RealmPages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.server.ResponseStatusException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON side of signing in with a passkey, called by static/js/passkey.js (CSRF token in a header): options
 * ({@code .../options}) then the browser's answer. Passwordless login needs nothing; the second factor needs a
 * {@link PendingLogin}. A verified passkey becomes a {@link LoginOutcome} for {@link LoginCompletion}. Failures get
 * one generic answer; the reason is logged. Adding a passkey to an account is console.web.PasskeyEnrolmentController.
 */
@Controller
public class PasskeyLoginController {
    private static final Logger log = LoggerFactory.getLogger(PasskeyLoginController.class);

    private final RealmPages pages;
    private final AccountRepository accounts;
    private final Passkeys passkeys;
    private final PasskeyChallenges challenges;
    private final PendingLogins pendingLogins;
    private final LoginCompletion completion;
    private final Clock clock;

    public PasskeyLoginController(RealmPages pages, AccountRepository accounts, Passkeys passkeys,
                                  PasskeyChallenges challenges, PendingLogins pendingLogins,
                                  LoginCompletion completion, Clock clock) {
        this.pages = pages;
        this.accounts = accounts;
        this.passkeys = passkeys;
        this.challenges = challenges;
        this.pendingLogins = pendingLogins;
        this.completion = completion;
        this.clock = clock;
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
            Instant now = clock.instant();
            List<GrantedAuthority> factors = new ArrayList<>();
            factors.add(FactorGrantedAuthority.withAuthority(Factors.PASSKEY).issuedAt(now).build());
            if (verified.userVerified()) {
                factors.add(FactorGrantedAuthority.withAuthority(Factors.USER_VERIFIED).issuedAt(now).build());
            }
            String next = completion.complete(new LoginOutcome.Authenticated(definition.name(),
                    verified.accountId(), LoginMethod.PASSKEY, factors), request, response);
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
            return ResponseEntity.ok(Map.of("redirect", completion.complete(
                    SecondFactorOutcomes.completed(pending, factors, clock.instant()), request, response)));
        }
        return failed(((Passkeys.Login.Rejected) outcome).reason());
    }

    private PendingLogin pending(HttpServletRequest request, String realm) {
        return pendingLogins.current(request, realm).filter(p -> p.step() == PendingLogin.Step.SECOND_FACTOR)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN));
    }

    private static ResponseEntity<Object> failed(String reason) {
        log.info("passkey ceremony refused: {}", reason);
        return ResponseEntity.badRequest().body(Map.of("error", "passkey-failed"));
    }

    private static ResponseEntity<String> json(String body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
