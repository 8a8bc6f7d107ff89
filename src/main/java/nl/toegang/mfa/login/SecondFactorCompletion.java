package nl.toegang.mfa.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.account.device.NewDeviceNotices;
import nl.toegang.account.device.SignInMethod;
import nl.toegang.mfa.Factors;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.session.RealmSignIn;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link PendingLogin} plus a verified factor into a realm session: the pending state is ended first (so it
 * is used once), then {@link RealmSignIn} renews the session id and stores the password factor (with its original
 * time) and the new one. The new-device check runs last, once for the whole login.
 */
@Component
public class SecondFactorCompletion {
    private final PendingLogins pendingLogins;
    private final RealmSignIn signIn;
    private final RealmRegistry realms;
    private final NewDeviceNotices newDevices;

    public SecondFactorCompletion(PendingLogins pendingLogins, RealmSignIn signIn, RealmRegistry realms,
                                  NewDeviceNotices newDevices) {
        this.pendingLogins = pendingLogins;
        this.signIn = signIn;
        this.realms = realms;
        this.newDevices = newDevices;
    }

    /** @return where to send the browser next */
    public String complete(PendingLogin pending, List<String> factors, HttpServletRequest request,
                           HttpServletResponse response) {
        pendingLogins.end(request, pending.realm());
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(FactorGrantedAuthority.withAuthority(Factors.PASSWORD).issuedAt(pending.passwordAt()).build());
        factors.forEach(f -> authorities.add(signIn.factor(f)));
        String next = signIn.signIn(pending.realm(), pending.accountId(), authorities, request, response);
        // One notice per completed login: here, after the last factor, not at the password step.
        newDevices.signInCompleted(realms.require(pending.realm()), pending.accountId(),
                SignInMethod.PASSWORD_AND_SECOND_FACTOR, request, response);
        return next;
    }
}
