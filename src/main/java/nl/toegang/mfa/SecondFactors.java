package nl.toegang.mfa;

import nl.toegang.mfa.totp.TotpCredentialRepository;
import org.springframework.stereotype.Component;

import java.util.List;

/** Whether an account has a confirmed second factor it can sign in with (a pending enrolment does not count). */
@Component
public class SecondFactors {
    private final TotpCredentialRepository totp;
    private final List<EnrolledFactor> others;

    /** Another kind of second factor (passkeys): how many an account has. */
    public interface EnrolledFactor {
        int count(String realm, String accountId);
    }

    public SecondFactors(TotpCredentialRepository totp, List<EnrolledFactor> others) {
        this.totp = totp;
        this.others = List.copyOf(others);
    }

    public boolean hasTotp(String realm, String accountId) {
        return totp.findConfirmed(realm, accountId).isPresent();
    }

    public boolean any(String realm, String accountId) {
        return count(realm, accountId) > 0;
    }

    /** How many second factors the account has: the authenticator app counts as one, each passkey as one. */
    public int count(String realm, String accountId) {
        return (hasTotp(realm, accountId) ? 1 : 0) + others.stream().mapToInt(f -> f.count(realm, accountId)).sum();
    }
}
