package nl.toegang.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.account.device.NewDeviceNotices;
import nl.toegang.account.device.SignInMethod;
import nl.toegang.audit.AuditLog;
import nl.toegang.login.secondfactor.SecondFactorGate;
import nl.toegang.mfa.Factors;
import nl.toegang.mfa.PendingLogins;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.session.RealmSignIn;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one place every login ends, whatever the method. In order:
 * <ol>
 *   <li>resume target: a password login's checked {@code resume} is kept for after a second step;</li>
 *   <li>second-factor gate: a password alone signs in only when no second factor is due
 *       ({@link SecondFactorGate}); otherwise the login waits in a pending state and the browser goes to that
 *       step;</li>
 *   <li>session: any half-finished login of the realm ends (so it is used once), then {@link RealmSignIn} makes
 *       the realm session (new session id, factors, federated rules);</li>
 *   <li>audit: exactly one {@code login success} event, naming the factors, never their values;</li>
 *   <li>new-device notice: once per completed email-account login, never for a federated identity;</li>
 *   <li>account link: a {@link PendingAccountLink} of this account is confirmed ({@link AccountLinkConfirmed}).</li>
 * </ol>
 */
@Component
public class LoginCompletion {
    private final RealmRegistry realms;
    private final SecondFactorGate secondFactorGate;
    private final PendingLogins pendingLogins;
    private final RealmSignIn signIn;
    private final AuditLog audit;
    private final NewDeviceNotices newDevices;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public LoginCompletion(RealmRegistry realms, SecondFactorGate secondFactorGate, PendingLogins pendingLogins,
                           RealmSignIn signIn, AuditLog audit, NewDeviceNotices newDevices,
                           ApplicationEventPublisher events, Clock clock) {
        this.events = events;
        this.clock = clock;
        this.realms = realms;
        this.secondFactorGate = secondFactorGate;
        this.pendingLogins = pendingLogins;
        this.signIn = signIn;
        this.audit = audit;
        this.newDevices = newDevices;
    }

    /** @return where to send the browser next: the second step, the authorization request, or the realm's home */
    public String complete(LoginOutcome outcome, HttpServletRequest request, HttpServletResponse response) {
        RealmDefinition realm = realms.require(outcome.realm());
        List<GrantedAuthority> factors;
        if (outcome instanceof LoginOutcome.PasswordVerified password) {
            password.resume().ifPresent(t -> signIn.resumeAfterLogin(realm.name(), t, request, response));
            Optional<String> secondStep = secondFactorGate.secondStepDue(realm, password.account(), request,
                    response);
            if (secondStep.isPresent()) {
                return secondStep.get();
            }
            factors = List.of(signIn.factor(Factors.PASSWORD));
        } else if (outcome instanceof LoginOutcome.Authenticated authenticated) {
            factors = authenticated.factors();
        } else {
            factors = ((LoginOutcome.Federated) outcome).authorities();
        }

        pendingLogins.end(request, realm.name());
        String next = outcome.method().federated()
                ? signIn.signInFederated(realm.name(), outcome.subject(), factors, request, response)
                : signIn.signIn(realm.name(), outcome.subject(), factors, request, response);
        // Which factors, never their values: the account's own activity list and support read this.
        audit.event(realm.name(), "login", "success").account(outcome.subject()).reason(factorNames(factors))
                .record();
        notice(outcome.method()).ifPresent(method ->
                newDevices.signInCompleted(realm, outcome.subject(), method, request, response));
        linkIfWaiting(realm.name(), outcome, request);
        if (outcome instanceof LoginOutcome.Federated federated && federated.continueUrl().isPresent()) {
            return federated.continueUrl().get();
        }
        return next;
    }

    /**
     * A link waiting for this login (docs/upstream.md "Linking policy"): made only when the person just signed in to
     * exactly that account, by its own credentials (not through a provider), within the link's lifetime; any other
     * completed login drops it.
     */
    private void linkIfWaiting(String realm, LoginOutcome outcome, HttpServletRequest request) {
        PendingAccountLink.take(request, realm)
                .filter(link -> !outcome.method().federated() && outcome.method() != LoginMethod.UPSTREAM_LINKED)
                .filter(link -> link.accountId().equals(outcome.subject()))
                .filter(link -> link.createdAt().plus(PendingAccountLink.LIFETIME).isAfter(clock.instant()))
                .ifPresent(link -> events.publishEvent(new AccountLinkConfirmed(realm, link.accountId(),
                        link.identityId(), link.upstream(), clock.instant())));
    }

    /** The new-device notice's wording per method; empty for identities that have no email account here. */
    private static Optional<SignInMethod> notice(LoginMethod method) {
        return switch (method) {
            case PASSWORD -> Optional.of(SignInMethod.PASSWORD);
            case PASSWORD_AND_SECOND_FACTOR -> Optional.of(SignInMethod.PASSWORD_AND_SECOND_FACTOR);
            case PASSKEY -> Optional.of(SignInMethod.PASSKEY);
            case DIGID, UPSTREAM, UPSTREAM_LINKED -> Optional.empty();
        };
    }

    private static String factorNames(Collection<? extends GrantedAuthority> factors) {
        return factors.stream().filter(FactorGrantedAuthority.class::isInstance).map(GrantedAuthority::getAuthority)
                .sorted().collect(Collectors.joining(" "));
    }
}
