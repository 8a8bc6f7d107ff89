package nl.toegang.login.secondfactor;

import nl.toegang.mfa.MfaRequirements;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.account.Account;
import nl.toegang.account.AccountKeys;
import nl.toegang.mfa.PendingLogin;
import nl.toegang.mfa.PendingLogins;
import nl.toegang.mfa.SecondFactors;
import nl.toegang.realm.MfaPolicy;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.session.RealmRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The step after a correct password: sign in with the password alone, or hold the login in a
 * {@link PendingLogin} until a second factor is given (or enrolled, when the policy requires one). The policy is the
 * client's (from the authorization request that sent the browser here) or else the realm's; an enrolled factor is
 * asked whenever the policy is not off, and {@code acr_values} asking for more than a password also asks for one.
 * Only {@code login.LoginCompletion} asks this.
 */
@Component
public class SecondFactorGate {
    private final SecondFactors secondFactors;
    private final PendingLogins pendingLogins;
    private final RealmRequestCache requests;
    private final AccountKeys accountKeys;
    private final Clock clock;

    public SecondFactorGate(SecondFactors secondFactors, PendingLogins pendingLogins, RealmRequestCache requests,
                            AccountKeys accountKeys, Clock clock) {
        this.secondFactors = secondFactors;
        this.pendingLogins = pendingLogins;
        this.requests = requests;
        this.accountKeys = accountKeys;
        this.clock = clock;
    }

    /**
     * @return the second step's page when one is due (the login is then pending, under a new session id), or empty
     *         when the password alone signs in
     */
    public Optional<String> secondStepDue(RealmDefinition realm, Account account, HttpServletRequest request,
                                          HttpServletResponse response) {
        SavedRequest saved = requests.getRequest(request, response);
        String clientId = parameter(saved, "client_id");
        MfaPolicy policy = MfaRequirements.policy(realm, clientId);
        boolean required = MfaRequirements.secondFactorRequired(realm, clientId, parameter(saved, "acr_values"));
        if (policy == MfaPolicy.OFF) {
            return Optional.empty();
        }
        boolean enrolled = secondFactors.any(realm.name(), account.id());
        if (!enrolled && !required) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String accountKey = accountKeys.of(realm.name(), account.email());
        PendingLogin.Step step = enrolled ? PendingLogin.Step.SECOND_FACTOR : PendingLogin.Step.ENROL;
        pendingLogins.start(request, new PendingLogin(realm.name(), account.id(), accountKey, now, now, step));
        return Optional.of(request.getContextPath() + "/realms/" + realm.name()
                + (enrolled ? "/login/second-factor" : "/login/enrol"));
    }

    private static String parameter(SavedRequest saved, String name) {
        if (saved == null) {
            return null;
        }
        String[] values = saved.getParameterValues(name);
        return values == null || values.length == 0 ? null : values[0];
    }
}
