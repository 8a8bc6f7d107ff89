package nl.toegang.login.secondfactor;

import nl.toegang.login.LoginMethod;
import nl.toegang.login.LoginOutcome;
import nl.toegang.mfa.Factors;
import nl.toegang.mfa.PendingLogin;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link PendingLogin} plus the factors verified just now, as the outcome {@code login.LoginCompletion} turns into
 * a session: the password factor keeps its original time, the new ones carry {@code now}. The completion ends the
 * pending state before signing in, so it is used once, and runs the new-device check once for the whole login.
 */
public final class SecondFactorOutcomes {

    private SecondFactorOutcomes() {
    }

    public static LoginOutcome.Authenticated completed(PendingLogin pending, List<String> factors, Instant now) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(FactorGrantedAuthority.withAuthority(Factors.PASSWORD).issuedAt(pending.passwordAt()).build());
        factors.forEach(f -> authorities.add(FactorGrantedAuthority.withAuthority(f).issuedAt(now).build()));
        return new LoginOutcome.Authenticated(pending.realm(), pending.accountId(),
                LoginMethod.PASSWORD_AND_SECOND_FACTOR, authorities);
    }
}
