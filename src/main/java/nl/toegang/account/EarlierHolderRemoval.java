package nl.toegang.account;

import nl.toegang.account.device.KnownDeviceRepository;
import nl.toegang.account.reset.PasswordResetStore;
import nl.toegang.account.verification.EmailVerifications;
import nl.toegang.audit.AuditLog;
import nl.toegang.mfa.MfaReset;
import nl.toegang.session.SsoSessionEnded;
import nl.toegang.session.SsoSessions;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Runs when someone proves an address whose account was not verified yet (registration code or link, or a password
 * reset link): everything an earlier, unproven holder of the address may have left is removed, so only the person
 * who proved the mailbox can use the account. Second factors (app, passkeys, recovery codes), remembered browsers,
 * every other pending verification and reset link, every session and every refresh token go.
 *
 * <p>Call it inside the transaction that verifies the account, after the conditional update succeeded.
 */
@Component
public class EarlierHolderRemoval {
    private final MfaReset factors;
    private final KnownDeviceRepository devices;
    private final EmailVerifications verifications;
    private final PasswordResetStore resets;
    private final SsoSessions sessions;
    private final AuditLog audit;
    private final Clock clock;

    public EarlierHolderRemoval(MfaReset factors, KnownDeviceRepository devices, EmailVerifications verifications,
                                PasswordResetStore resets, SsoSessions sessions, AuditLog audit, Clock clock) {
        this.factors = factors;
        this.devices = devices;
        this.verifications = verifications;
        this.resets = resets;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    public void removeFrom(String realm, String accountId) {
        int passkeys = factors.resetAll(realm, accountId);
        devices.forgetAll(realm, accountId);
        int pending = verifications.endAllFor(realm, accountId);
        int links = resets.endAllFor(realm, accountId, clock.instant());
        int tokenFamilies = sessions.signOutEverywhere(realm, accountId, SsoSessionEnded.Reason.PASSWORD_RESET);
        audit.event(realm, "earlier-holder-removed", "success").account(accountId)
                .reason(passkeys + " passkeys, " + pending + " pending verifications, " + links + " reset links, "
                        + tokenFamilies + " token families").record();
    }
}
