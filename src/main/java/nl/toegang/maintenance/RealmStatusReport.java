package nl.toegang.maintenance;

import nl.toegang.outage.Dependency;
import nl.toegang.outage.DependencyBreakers;
import nl.toegang.outage.DependencyFailures;
import nl.toegang.realm.Maintenance;
import nl.toegang.realm.RealmDefinition;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the status page says about a realm's sign-in, from what this node knows in memory: the realm file, the
 * maintenance setting (read from the database, or the last value read when the database is down) and the outages its
 * breakers know of. It says what works, never why not (no host names, versions, error texts or which service failed).
 * Each way in (email sign-in, DigiD, the account page) is {@code working}, {@code paused} (maintenance: all of them,
 * as all of them start with a sign-in), {@code disrupted} (the database or Redis cannot be reached: every way in
 * needs both) or {@code not-offered}.
 */
@Component
public class RealmStatusReport {
    static final String WORKING = "working";
    static final String PAUSED = "paused";
    static final String DISRUPTED = "disrupted";
    static final String NOT_OFFERED = "not-offered";

    private final MaintenanceState maintenance;
    private final DependencyBreakers breakers;
    private final Clock clock;

    public RealmStatusReport(MaintenanceState maintenance, DependencyBreakers breakers, Clock clock) {
        this.maintenance = maintenance;
        this.breakers = breakers;
        this.clock = clock;
    }

    /**
     * The status as monitors read it (JSON). The first four fields are the original answer, unchanged for existing
     * monitors; {@code routes} (email, digid, console: working, paused, disrupted or not-offered), {@code checkedAt}
     * and {@code maintenanceUntil} (null when none) were added, then {@code disruptedSince}: since when this node
     * knows sign-in is disrupted (null when it is not).
     */
    public record RealmStatus(String realm, String signIn, String email, String digid, Map<String, String> routes,
                              String checkedAt, String maintenanceUntil, String disruptedSince) {
    }

    /** The status with what the page shows besides: the instants as such and the maintenance itself. */
    public record Checked(RealmStatus status, Instant checkedAt, Optional<Maintenance> maintenance,
                          Optional<Instant> disruptedSince) {
    }

    public Checked check(RealmDefinition realm) {
        Instant now = clock.instant();
        Optional<Maintenance> current = maintenance(realm.name());
        // Read after the maintenance setting: reading it may have been what found the database down.
        Optional<Instant> disruptedSince = breakers.outages().values().stream().min(Comparator.naturalOrder());
        boolean paused = current.isPresent();
        boolean up = disruptedSince.isEmpty();
        String email = up ? "up" : "down";
        boolean digidOffered = realm.digid().isPresent();
        String digid = !digidOffered ? "not-offered" : email;
        String signIn = paused ? "maintenance" : (up ? "ok" : "degraded");

        String route = paused ? PAUSED : (up ? WORKING : DISRUPTED);
        Map<String, String> routes = new LinkedHashMap<>();
        routes.put("email", route);
        routes.put("digid", digidOffered ? route : NOT_OFFERED);
        routes.put("console", route);
        return new Checked(new RealmStatus(realm.name(), signIn, email, digid, routes, now.toString(),
                current.flatMap(Maintenance::until).map(Instant::toString).orElse(null),
                disruptedSince.map(Instant::toString).orElse(null)), now, current, disruptedSince);
    }

    /** The maintenance setting; while the database cannot be read, the last one this node read (or the realm file's). */
    private Optional<Maintenance> maintenance(String realm) {
        if (breakers.database().isOpen()) {
            return maintenance.lastKnown(realm);
        }
        try {
            return maintenance.current(realm);
        } catch (RuntimeException failure) {
            if (DependencyFailures.classify(failure).filter(Dependency.DATABASE::equals).isEmpty()) {
                throw failure;
            }
            return maintenance.lastKnown(realm);
        }
    }
}
