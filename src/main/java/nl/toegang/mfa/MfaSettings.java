package nl.toegang.mfa;

import nl.toegang.mfa.passkey.Passkey;
import nl.toegang.mfa.passkey.PasskeyRepository;
import nl.toegang.mfa.recovery.RecoveryCodes;
import nl.toegang.realm.MfaPolicy;
import nl.toegang.realm.RealmDefinition;
import org.springframework.stereotype.Component;

import java.util.List;

/** What the account page shows about second factors, and the one rule about removing them. */
@Component
public class MfaSettings {
    private final SecondFactors secondFactors;
    private final RecoveryCodes recoveryCodes;
    private final PasskeyRepository passkeys;

    public MfaSettings(SecondFactors secondFactors, RecoveryCodes recoveryCodes, PasskeyRepository passkeys) {
        this.secondFactors = secondFactors;
        this.recoveryCodes = recoveryCodes;
        this.passkeys = passkeys;
    }

    public enum Factor { TOTP, PASSKEY }

    /**
     * @param policy            the realm's policy
     * @param totp              the authenticator app is set up
     * @param recoveryCodesLeft unused recovery codes
     * @param passkeys          the account's passkeys, oldest first
     */
    public record Summary(MfaPolicy policy, boolean totp, int recoveryCodesLeft, List<Passkey> passkeys) {
        public boolean offered() {
            return policy != MfaPolicy.OFF;
        }
    }

    public Summary summary(RealmDefinition realm, String accountId) {
        return new Summary(realm.settings().mfa(), secondFactors.hasTotp(realm.name(), accountId),
                recoveryCodes.remaining(realm.name(), accountId), passkeys.forAccount(realm.name(), accountId));
    }

    /**
     * In a realm that requires a second factor, the last one cannot be removed: the account would be led through
     * enrolment at its next login anyway, and meanwhile a stolen password would be enough.
     */
    public boolean mayRemove(RealmDefinition realm, String accountId, Factor factor) {
        if (realm.settings().mfa() != MfaPolicy.REQUIRED) {
            return true;
        }
        return secondFactors.count(realm.name(), accountId) > 1;
    }
}
