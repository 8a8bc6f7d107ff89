package nl.toegang.mfa;

import nl.toegang.mfa.passkey.PasskeyRepository;
import nl.toegang.mfa.recovery.RecoveryCodes;
import nl.toegang.mfa.totp.TotpEnrollment;
import org.springframework.stereotype.Service;

/**
 * Support's "reset MFA": removes the authenticator app, every passkey and every recovery code of an account, for a
 * person who lost their phone. In a realm that requires MFA the next login leads through enrolment again.
 */
@Service
public class MfaReset {
    private final TotpEnrollment totp;
    private final RecoveryCodes recoveryCodes;
    private final PasskeyRepository passkeys;

    public MfaReset(TotpEnrollment totp, RecoveryCodes recoveryCodes, PasskeyRepository passkeys) {
        this.totp = totp;
        this.recoveryCodes = recoveryCodes;
        this.passkeys = passkeys;
    }

    /** Returns how many passkeys were removed (the app and recovery codes are removed whether present or not). */
    public int resetAll(String realm, String accountId) {
        totp.remove(realm, accountId);
        recoveryCodes.removeAll(realm, accountId);
        int removed = 0;
        for (var passkey : passkeys.forAccount(realm, accountId)) {
            if (passkeys.delete(realm, accountId, passkey.id())) {
                removed++;
            }
        }
        return removed;
    }
}
