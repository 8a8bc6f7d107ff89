package nl.toegang.login.secondfactor;

import nl.toegang.lockout.Authenticator;
import nl.toegang.lockout.Budget;
import nl.toegang.lockout.Decision;
import nl.toegang.lockout.LoginThrottle;
import nl.toegang.lockout.RealmThrottles;
import nl.toegang.lockout.ThrottleKey;
import nl.toegang.mfa.Factors;
import nl.toegang.mfa.PendingLogin;
import nl.toegang.mfa.recovery.RecoveryCodes;
import nl.toegang.mfa.totp.TotpEnrollment;
import nl.toegang.mfa.totp.TotpResult;
import org.springframework.stereotype.Service;

import java.time.Clock;

/**
 * Checks a second-factor code of a {@link PendingLogin}, throttled like the password but on its own counters
 * ({@link Authenticator#TOTP}, {@link Authenticator#RECOVERY_CODE}): a 6-digit code falls to guessing without a
 * limit (NIST SP 800-63B-4 §3.2.2). A throttled attempt is refused before the code is looked at. A replayed TOTP
 * code counts as a failure: whoever sends it is not the person holding the app right now.
 */
@Service
public class SecondFactorCheck {
    private final TotpEnrollment totp;
    private final RecoveryCodes recoveryCodes;
    private final RealmThrottles throttles;
    private final SecondStepAlerts alerts;
    private final Clock clock;

    public SecondFactorCheck(TotpEnrollment totp, RecoveryCodes recoveryCodes, RealmThrottles throttles,
                             SecondStepAlerts alerts, Clock clock) {
        this.totp = totp;
        this.recoveryCodes = recoveryCodes;
        this.throttles = throttles;
        this.alerts = alerts;
        this.clock = clock;
    }

    public Outcome totp(PendingLogin pending, String code, String ip) {
        ThrottleKey key = key(pending, Authenticator.TOTP);
        LoginThrottle throttle = throttles.forRealm(pending.realm());
        Decision decision = throttle.check(key, ip);
        if (!decision.allowed()) {
            return new Outcome.Throttled(decision);
        }
        TotpResult result = totp.verify(pending.realm(), pending.accountId(), code, clock.instant());
        if (result instanceof TotpResult.Accepted) {
            throttle.onSuccess(key);
            return new Outcome.Verified(Factors.TOTP);
        }
        fail(throttle, key, pending, ip);
        return new Outcome.Rejected();
    }

    public Outcome recoveryCode(PendingLogin pending, String code, String ip) {
        ThrottleKey key = key(pending, Authenticator.RECOVERY_CODE);
        LoginThrottle throttle = throttles.forRealm(pending.realm());
        Decision decision = throttle.check(key, ip);
        if (!decision.allowed()) {
            return new Outcome.Throttled(decision);
        }
        if (recoveryCodes.use(pending.realm(), pending.accountId(), code, clock.instant())) {
            throttle.onSuccess(key);
            alerts.used(pending.realm(), pending.accountId());
            return new Outcome.Verified(Factors.RECOVERY_CODE);
        }
        fail(throttle, key, pending, ip);
        return new Outcome.Rejected();
    }

    // Whoever fails here knew the password: a lockout of the second step is worth telling the owner about.
    private void fail(LoginThrottle throttle, ThrottleKey key, PendingLogin pending, String ip) {
        alerts.failed(pending.realm(), pending.accountId(), key.authenticator());
        if (throttle.onFailure(key, ip).causedLockout()) {
            alerts.secondStepLocked(pending.realm(), pending.accountId(), key.authenticator());
        }
    }

    /**
     * Always the untrusted budget: device cookies are issued after the password, before this step, so anyone who
     * knows the password could mint a fresh "trusted" budget per login and guess codes without end.
     */
    private static ThrottleKey key(PendingLogin pending, Authenticator authenticator) {
        return new ThrottleKey(pending.realm(), pending.accountKey(), authenticator, Budget.UNTRUSTED);
    }

    /** What a second-factor attempt concluded. */
    public sealed interface Outcome {
        /** @param factor the factor authority to add to the session */
        record Verified(String factor) implements Outcome {
        }

        /** Wrong, malformed, replayed or already used. */
        record Rejected() implements Outcome {
        }

        /** Refused before checking: too many recent failures of this factor. */
        record Throttled(Decision decision) implements Outcome {
        }
    }
}
