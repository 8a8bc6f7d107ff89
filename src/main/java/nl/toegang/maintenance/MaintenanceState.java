package nl.toegang.maintenance;

import nl.toegang.outage.Dependency;
import nl.toegang.outage.DependencyBreakers;
import nl.toegang.outage.DependencyDownException;
import nl.toegang.realm.Maintenance;
import nl.toegang.realm.RealmRegistry;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a realm is in maintenance now: the admin API's setting (in the database, so every node sees it within a
 * couple of seconds) overrides the realm file's {@code maintenance:} block. A maintenance window whose expected end
 * has passed is still in force until it is lifted: the end time is a promise to people, not a switch.
 */
@Service
public class MaintenanceState {
    private static final Duration CACHE = Duration.ofSeconds(2);

    private final RealmRegistry realms;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final DependencyBreakers breakers;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public MaintenanceState(RealmRegistry realms, JdbcClient jdbc, Clock clock, DependencyBreakers breakers) {
        this.realms = realms;
        this.jdbc = jdbc;
        this.clock = clock;
        this.breakers = breakers;
    }

    private record Cached(Optional<Maintenance> value, Instant loadedAt) {
    }

    /** Stored override: present = the admin API decided (active or lifted); empty = follow the realm file. */
    private record Override(boolean active, Maintenance maintenance) {
    }

    /**
     * The setting now. While the database is known to be down this fails at once (answered 503) even when a cached
     * value is fresh: otherwise a page that reads nothing else (the login form) would be served for up to
     * {@link #CACHE} into an outage and fail only at its first step.
     */
    public Optional<Maintenance> current(String realm) {
        if (breakers.database().isOpen()) {
            breakers.database().refused();
            throw new CannotGetJdbcConnectionException("database known to be down",
                    new DependencyDownException(Dependency.DATABASE));
        }
        Instant now = clock.instant();
        Cached cached = cache.get(realm);
        if (cached != null && cached.loadedAt().plus(CACHE).isAfter(now)) {
            return cached.value();
        }
        Optional<Maintenance> value = load(realm);
        cache.put(realm, new Cached(value, now));
        return value;
    }

    /**
     * The setting as this node last read it, however old, without asking the database; the realm file's when it was
     * never read. For pages that must answer while the database is down (the status page).
     */
    public Optional<Maintenance> lastKnown(String realm) {
        Cached cached = cache.get(realm);
        return cached != null ? cached.value() : realms.find(realm).flatMap(r -> r.maintenance());
    }

    private Optional<Maintenance> load(String realm) {
        Optional<Override> stored = jdbc.sql("SELECT active, message_nl, message_en, until_at, block_signed_in "
                        + "FROM realm_maintenance WHERE realm = ?")
                .param(realm)
                .query((rs, n) -> new Override(rs.getBoolean("active"), new Maintenance(rs.getString("message_nl"),
                        rs.getString("message_en"),
                        Optional.ofNullable(rs.getTimestamp("until_at")).map(Timestamp::toInstant),
                        rs.getBoolean("block_signed_in"))))
                .optional();
        if (stored.isPresent()) {
            return stored.get().active() ? Optional.of(stored.get().maintenance()) : Optional.empty();
        }
        return realms.find(realm).flatMap(r -> r.maintenance());
    }

    /** Starts (or changes) maintenance from the admin API. */
    public void start(String realm, Maintenance maintenance, String by) {
        store(realm, true, maintenance, by);
    }

    /** Lifts maintenance from the admin API, also one declared in the realm file. */
    public void lift(String realm, String by) {
        store(realm, false, new Maintenance(null, null, Optional.empty(), false), by);
    }

    private void store(String realm, boolean active, Maintenance m, String by) {
        Timestamp now = Timestamp.from(clock.instant());
        Timestamp until = m.until().map(Timestamp::from).orElse(null);
        int updated = jdbc.sql("UPDATE realm_maintenance SET active = ?, message_nl = ?, message_en = ?, until_at = ?, "
                        + "block_signed_in = ?, updated_at = ?, updated_by = ? WHERE realm = ?")
                .params(active, m.messageNl(), m.messageEn(), until, m.blockSignedIn(), now, by, realm).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO realm_maintenance (realm, active, message_nl, message_en, until_at, block_signed_in, "
                            + "updated_at, updated_by) VALUES (?,?,?,?,?,?,?,?)")
                    .params(realm, active, m.messageNl(), m.messageEn(), until, m.blockSignedIn(), now, by).update();
        }
        cache.remove(realm);
    }

    /** Seconds until the expected end, for Retry-After; five minutes when no end was given or it has passed. */
    public long retryAfterSeconds(Maintenance maintenance) {
        return maintenance.until().map(u -> Duration.between(clock.instant(), u).getSeconds())
                .filter(s -> s > 0).orElse(300L);
    }
}
