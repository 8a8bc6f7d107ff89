package nl.toegang.account.lockout;

import nl.toegang.account.AccountLockouts;
import nl.toegang.account.reset.PasswordResets;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** A password reset by email proves control of the account: it lifts lockouts and a disabled password. */
@Component
public class UnlockOnPasswordReset {
    private final AccountLockouts lockouts;

    public UnlockOnPasswordReset(AccountLockouts lockouts) {
        this.lockouts = lockouts;
    }

    @EventListener
    public void onReset(PasswordResets.PasswordWasReset reset) {
        lockouts.clear(reset.realm(), reset.accountId());
    }
}
