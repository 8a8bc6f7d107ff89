package nl.toegang.bootstrap;

import nl.toegang.realm.UserSeed;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.account.Account;
import nl.toegang.account.AccountRepository;
import nl.toegang.account.PasswordHasher;
import nl.toegang.account.StaffRoles;
import nl.toegang.config.PublicUrl;
import nl.toegang.oidc.keys.KeyRetention;
import nl.toegang.oidc.keys.RealmKeyService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.UUID;

/**
 * Applies the realm files to the database on every start: signing keys exist (created once, then reused), users
 * declared in the files are created when absent and never overwritten (their staff roles are granted when missing). Safe to run on several nodes at once.
 */
@Component
public class RealmImporter implements InitializingBean {
    private static final Logger log = LoggerFactory.getLogger(RealmImporter.class);
    /** Old keys stay published this much longer than the longest token they signed, for clock skew and caches. */

    private final RealmRegistry realms;
    private final RealmKeyService keys;
    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final PublicUrl publicUrl;
    private final StaffRoles staffRoles;
    private final Clock clock;

    public RealmImporter(RealmRegistry realms, RealmKeyService keys, AccountRepository accounts,
                         PasswordHasher hasher, PublicUrl publicUrl, StaffRoles staffRoles, Clock clock) {
        this.staffRoles = staffRoles;
        this.realms = realms;
        this.keys = keys;
        this.accounts = accounts;
        this.hasher = hasher;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    @Override
    public void afterPropertiesSet() {
        for (RealmDefinition realm : realms.all()) {
            keys.ensureKeys(realm.name(), realm.settings().signingAlgorithm(), KeyRetention.of(realm));
            realm.users().forEach(user -> createIfAbsent(realm, user));
        }
    }

    private void createIfAbsent(RealmDefinition realm, UserSeed user) {
        if (accounts.findByEmail(realm.name(), user.email()).isEmpty()) {
            var account = Account.create(UUID.randomUUID().toString(), realm.name(), user.email(), user.name(),
                    user.locale(), user.emailVerified(), hasher.hash(user.password().reveal()), clock.instant());
            if (accounts.insertIfAbsent(account)) {
                log.info("Realm {}: created user declared on line {} of {}", realm.name(), user.line(),
                        realm.source().getFileName());
            }
        }
        if (!user.roles().isEmpty()) {
            // The parser allows roles only in realm admin; the account exists now (this node or another made it).
            accounts.findByEmail(realm.name(), user.email()).ifPresent(account ->
                    user.roles().forEach(role -> staffRoles.grant(account.id(), role, clock.instant())));
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        if (!publicUrl.isKnown()) {
            return; // command mode: no web server, nothing to announce
        }
        for (RealmDefinition realm : realms.all()) {
            String issuer = publicUrl.issuer(realm.name());
            log.info("Realm {} ready: issuer {} discovery {}/.well-known/openid-configuration", realm.name(), issuer,
                    issuer);
        }
    }

    /** Rotates signing keys of realms that ask for scheduled rotation. Checked every few minutes on every node. */
    @Scheduled(fixedDelayString = "${toegang.key-rotation-check:PT5M}", initialDelayString = "PT1M")
    void rotateDueKeys() {
        for (RealmDefinition realm : realms.all()) {
            realm.settings().keyRotationInterval().ifPresent(interval -> {
                if (keys.rotateIfOlderThan(realm.name(), realm.settings().signingAlgorithm(), interval,
                        KeyRetention.of(realm))) {
                    log.info("Realm {}: signing key rotated on schedule", realm.name());
                }
            });
        }
    }
}
