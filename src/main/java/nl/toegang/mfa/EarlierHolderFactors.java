package nl.toegang.mfa;

import nl.toegang.account.EarlierHolderTraces;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** An earlier, unproven holder's second factors (app, passkeys, recovery codes) never survive the owner's proof. */
@Component
@Order(1)
class EarlierHolderFactors implements EarlierHolderTraces {
    private final MfaReset factors;

    EarlierHolderFactors(MfaReset factors) {
        this.factors = factors;
    }

    @Override
    public String removeAll(String realm, String accountId) {
        return factors.resetAll(realm, accountId) + " passkeys";
    }
}
