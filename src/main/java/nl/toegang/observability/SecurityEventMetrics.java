package nl.toegang.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import nl.toegang.account.reset.PasswordResets;
import nl.toegang.audit.AuditEvent;
import nl.toegang.federation.digid.DigidLoginFinished;
import nl.toegang.lockout.AccountLockedOut;
import nl.toegang.lockout.AccountUnlocked;
import nl.toegang.lockout.LoginThrottled;
import nl.toegang.mfa.Factors;
import nl.toegang.realm.RealmRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Counters for security events, fed by the events the capabilities publish. Labels are realm names (from the realm
 * files, so a bounded set) and fixed words; never an account, address or IP.
 */
@Component
public class SecurityEventMetrics {
    /** Audit event types of second factors (enrolment, use, failures, support resets). */
    private static final Set<String> MFA_EVENTS = Set.of("second-factor", "second-factor-lockout", "mfa-app-added",
            "mfa-app-removed", "passkey-added", "passkey-removed", "recovery-code-used", "recovery-codes-new",
            "mfa-reset");
    /** The word for each factor a login can carry, in the order a method label names them. */
    private static final Map<String, String> FACTOR_WORDS = new LinkedHashMap<>();

    static {
        FACTOR_WORDS.put(Factors.PASSWORD, "password");
        FACTOR_WORDS.put(Factors.PASSKEY, "passkey");
        FACTOR_WORDS.put(Factors.TOTP, "totp");
        FACTOR_WORDS.put(Factors.RECOVERY_CODE, "recovery-code");
        FACTOR_WORDS.put(FactorGrantedAuthority.SAML_RESPONSE_AUTHORITY, "digid");
    }

    private final MeterRegistry registry;
    private final RealmRegistry realms;

    public SecurityEventMetrics(MeterRegistry registry, RealmRegistry realms) {
        this.registry = registry;
        this.realms = realms;
    }

    @EventListener
    public void onLockout(AccountLockedOut event) {
        count("toegang.lockouts", event.realm(), "kind", event.lockedUntil().isPresent() ? "temporary" : "disabled");
    }

    @EventListener
    public void onUnlock(AccountUnlocked event) {
        count("toegang.unlocks", event.realm(), "by", event.actor().startsWith("client:") ? "support" : "reset");
    }

    @EventListener
    public void onPasswordReset(PasswordResets.PasswordWasReset event) {
        count("toegang.password.resets", event.realm(), "outcome", "done");
    }

    /**
     * Attempts the throttle refused before verifying: outcome {@code throttled}, beside the audited success and
     * failure (a refused attempt is not audited, so it would otherwise not be counted at all).
     */
    @EventListener
    public void onThrottled(LoginThrottled event) {
        // PASSWORD -> password, RECOVERY_CODE -> recovery-code: the words of the audited methods.
        String method = event.authenticator().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        count("toegang.logins", event.realm(), "method", method, "outcome", "throttled");
    }

    /**
     * Logins by method and outcome, and second-factor events, from the audit trail: every login and MFA event is
     * audited, a failed password login for an unknown address too (without an account id), so counting there misses
     * none and counts unknown addresses like accounts. Labels are fixed words (the audit's types and outcomes are constants
     * in the code) and the factor names, never the account.
     */
    @EventListener
    public void onAudit(AuditEvent event) {
        if ("login".equals(event.type())) {
            count("toegang.logins", event.realm(), "method", method(event.reason().orElse("")),
                    "outcome", event.outcome());
        } else if (MFA_EVENTS.contains(event.type())) {
            count("toegang.mfa.events", event.realm(), "event", event.type(), "outcome", event.outcome());
        }
    }

    /** DigiD answers by status: authenticated, cancelled, level_not_met, failed. */
    @EventListener
    public void onDigidLogin(DigidLoginFinished event) {
        count("toegang.saml.results", event.realm(), "status", event.status());
    }

    /** E.g. {@code password}, {@code password+totp}, {@code passkey}, {@code digid}; from the audited factor names. */
    static String method(String factorNames) {
        List<String> factors = List.of(factorNames.split(" "));
        StringJoiner method = new StringJoiner("+");
        FACTOR_WORDS.forEach((factor, word) -> {
            if (factors.contains(factor)) {
                method.add(word);
            }
        });
        return method.length() == 0 ? "other" : method.toString();
    }

    /** {@code tags}: name, value, name, value... besides the realm (a known realm's name, else "unknown"). */
    private void count(String name, String realm, String... tags) {
        String realmLabel = realms.find(realm).isPresent() ? realm : "unknown";
        Counter.builder(name).tag("realm", realmLabel).tags(tags).register(registry).increment();
    }
}
