package nl.toegang.account;

import nl.toegang.account.device.KnownDeviceRepository;
import nl.toegang.account.reset.PasswordResetStore;
import nl.toegang.account.verification.EmailVerifications;
import nl.toegang.audit.AuditLog;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs when someone proves an address whose account was not verified yet (registration code or link, or a password
 * reset link): everything an earlier, unproven holder of the address may have left is removed, so only the person
 * who proved the mailbox can use the account. Second factors (app, passkeys, recovery codes), remembered browsers,
 * every other pending verification and reset link, every session and every refresh token go.
 *
 * <p>Second factors, sessions and tokens belong to modules above accounts; they take part through
 * {@link EarlierHolderTraces}, so this list cannot forget one without the module's own test noticing.
 *
 * <p>Call it inside the transaction that verifies the account, after the conditional update succeeded.
 */
@Component
public class EarlierHolderRemoval {
    private final List<EarlierHolderTraces> traces;
    private final KnownDeviceRepository devices;
    private final EmailVerifications verifications;
    private final PasswordResetStore resets;
    private final AuditLog audit;
    private final Clock clock;

    public EarlierHolderRemoval(List<EarlierHolderTraces> traces, KnownDeviceRepository devices,
                                EmailVerifications verifications, PasswordResetStore resets, AuditLog audit,
                                Clock clock) {
        this.traces = List.copyOf(traces);
        this.devices = devices;
        this.verifications = verifications;
        this.resets = resets;
        this.audit = audit;
        this.clock = clock;
    }

    public void removeFrom(String realm, String accountId) {
        List<String> removed = new ArrayList<>();
        devices.forgetAll(realm, accountId);
        removed.add(verifications.endAllFor(realm, accountId) + " pending verifications");
        removed.add(resets.endAllFor(realm, accountId, clock.instant()) + " reset links");
        traces.forEach(t -> removed.add(t.removeAll(realm, accountId)));
        audit.event(realm, "earlier-holder-removed", "success").account(accountId)
                .reason(String.join(", ", removed)).record();
    }
}
