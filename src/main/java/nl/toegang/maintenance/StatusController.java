package nl.toegang.maintenance;

import nl.toegang.realm.Maintenance;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.pages.RealmPages;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Public status of a realm's sign-in, for people and for portal teams' monitoring. It says what works, never why
 * not (no host names, versions or error texts). Each way in (email sign-in, DigiD, the account page) is
 * {@code working}, {@code paused} (maintenance: all of them, as all of them start with a sign-in),
 * {@code disrupted} (the database or Redis, the backing services whose outage the outage module answers with a
 * 503, cannot be reached now) or {@code not-offered}.
 */
@Controller
public class StatusController {
    static final String WORKING = "working";
    static final String PAUSED = "paused";
    static final String DISRUPTED = "disrupted";
    static final String NOT_OFFERED = "not-offered";

    private final RealmPages pages;
    private final MaintenanceState maintenance;
    private final JdbcClient jdbc;
    private final ObjectProvider<HealthIndicator> redis;
    private final LocalTimes times;
    private final Clock clock;

    public StatusController(RealmPages pages, MaintenanceState maintenance, JdbcClient jdbc,
                            ObjectProvider<HealthIndicator> redis, LocalTimes times, Clock clock) {
        this.pages = pages;
        this.maintenance = maintenance;
        this.jdbc = jdbc;
        this.redis = redis;
        this.times = times;
        this.clock = clock;
    }

    /**
     * What the status page shows. The first four fields are the original answer, unchanged for existing monitors;
     * {@code routes} (email, digid, console: working, paused, disrupted or not-offered), {@code checkedAt} and
     * {@code maintenanceUntil} (null when none) were added.
     */
    public record RealmStatus(String realm, String signIn, String email, String digid, Map<String, String> routes,
                              String checkedAt, String maintenanceUntil) {
    }

    @GetMapping(value = "/realms/{realm}/status", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<RealmStatus> json(@PathVariable String realm) {
        RealmStatus status = status(pages.realm(realm)).status();
        return ResponseEntity.status("ok".equals(status.signIn()) ? 200 : 503).body(status);
    }

    @GetMapping(value = "/realms/{realm}/status", produces = MediaType.TEXT_HTML_VALUE)
    String page(@PathVariable String realm, Model model) {
        Checked checked = status(pages.realm(realm, model));
        Locale locale = LocaleContextHolder.getLocale();
        model.addAttribute("status", checked.status());
        model.addAttribute("checkedAt", checked.checkedAt().toString());
        model.addAttribute("checkedTime", times.timeOfDay(checked.checkedAt(), locale));
        model.addAttribute("checkedDay", times.day(checked.checkedAt(), locale));
        checked.maintenance().ifPresent(m -> {
            model.addAttribute("maintenanceMessage", m.message(locale.getLanguage()));
            m.until().ifPresent(end -> model.addAttribute("maintenanceUntil", times.expectedEnd(end, locale)));
        });
        return "login/status";
    }

    private record Checked(RealmStatus status, Instant checkedAt, Optional<Maintenance> maintenance) {
    }

    private Checked status(RealmDefinition realm) {
        Instant now = clock.instant();
        boolean database = databaseUp();
        boolean shared = redis.stream().allMatch(indicator -> Status.UP.equals(indicator.health(false).getStatus()));
        Optional<Maintenance> current = database ? maintenance.current(realm.name()) : Optional.empty();
        boolean paused = current.isPresent();
        boolean up = database && shared;
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
                current.flatMap(Maintenance::until).map(Instant::toString).orElse(null)), now, current);
    }

    private boolean databaseUp() {
        try {
            return jdbc.sql("SELECT 1").query(Integer.class).single() == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
