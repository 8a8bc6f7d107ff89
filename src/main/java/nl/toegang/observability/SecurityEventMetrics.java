package nl.toegang.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import nl.toegang.account.reset.PasswordResets;
import nl.toegang.lockout.AccountLockedOut;
import nl.toegang.lockout.AccountUnlocked;
import nl.toegang.realm.RealmRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Counters for security events, fed by the events the capabilities publish. Labels are realm names (from the realm
 * files, so a bounded set) and fixed words; never an account, address or IP.
 */
@Component
public class SecurityEventMetrics {
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

    private void count(String name, String realm, String tag, String value) {
        String realmLabel = realms.find(realm).isPresent() ? realm : "unknown";
        Counter.builder(name).tag("realm", realmLabel).tag(tag, value).register(registry).increment();
    }
}
