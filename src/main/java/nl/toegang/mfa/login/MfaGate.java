package nl.toegang.mfa.login;

import nl.toegang.mfa.MfaRequirements;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.account.Account;
import nl.toegang.account.device.NewDeviceNotices;
import nl.toegang.account.device.SignInMethod;
import nl.toegang.account.AccountKeys;
import nl.toegang.mfa.Factors;
import nl.toegang.mfa.SecondFactors;
import nl.toegang.realm.MfaPolicy;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.session.RealmRequestCache;
import nl.toegang.session.RealmSignIn;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The step after a correct password: sign in with the password alone, or hold the login in a
 * {@link PendingLogin} until a second factor is given (or enrolled, when the policy requires one). The policy is the
 * client's (from the authorization request that sent the browser here) or else the realm's; an enrolled factor is
 * asked whenever the policy is not off, and {@code acr_values} asking for more than a password also asks for one.
 */
@Component
public class MfaGate {
    private final SecondFactors secondFactors;
    private final PendingLogins pendingLogins;
    private final RealmRequestCache requests;
    private final AccountKeys accountKeys;
    private final RealmSignIn signIn;
    private final NewDeviceNotices newDevices;
    private final Clock clock;

    public MfaGate(SecondFactors secondFactors, PendingLogins pendingLogins, RealmRequestCache requests,
                   AccountKeys accountKeys, RealmSignIn signIn, NewDeviceNotices newDevices, Clock clock) {
        this.newDevices = newDevices;
        this.secondFactors = secondFactors;
        this.pendingLogins = pendingLogins;
        this.requests = requests;
        this.accountKeys = accountKeys;
        this.signIn = signIn;
        this.clock = clock;
    }

    /** @return where to send the browser */
    public String afterPassword(RealmDefinition realm, Account account,
                                HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = requests.getRequest(request, response);
        String clientId = parameter(saved, "client_id");
        MfaPolicy policy = MfaRequirements.policy(realm, clientId);
        boolean required = MfaRequirements.secondFactorRequired(realm, clientId, parameter(saved, "acr_values"));
        Instant now = clock.instant();
        if (policy != MfaPolicy.OFF) {
            boolean enrolled = secondFactors.any(realm.name(), account.id());
            if (enrolled || required) {
                String accountKey = accountKeys.of(realm.name(), account.email());
                PendingLogin.Step step = enrolled ? PendingLogin.Step.SECOND_FACTOR : PendingLogin.Step.ENROL;
                pendingLogins.start(request, new PendingLogin(realm.name(), account.id(), accountKey, now,
                        now, step));
                return request.getContextPath() + "/realms/" + realm.name()
                        + (enrolled ? "/login/second-factor" : "/login/enrol");
            }
        }
        String next = signIn.signIn(realm.name(), account.id(), List.of(signIn.factor(Factors.PASSWORD)), request,
                response);
        newDevices.signInCompleted(realm, account.id(), SignInMethod.PASSWORD, request, response);
        return next;
    }

    private static String parameter(SavedRequest saved, String name) {
        if (saved == null) {
            return null;
        }
        String[] values = saved.getParameterValues(name);
        return values == null || values.length == 0 ? null : values[0];
    }
}
