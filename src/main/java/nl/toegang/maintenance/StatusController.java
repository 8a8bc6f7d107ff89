package nl.toegang.maintenance;

import nl.toegang.realm.RealmDefinition;
import nl.toegang.pages.RealmPages;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Public status of a realm's sign-in, for people and for portal teams' monitoring. It says what works, never why
 * not (no host names, versions or error texts).
 */
@Controller
public class StatusController {
    private final RealmPages pages;
    private final MaintenanceState maintenance;
    private final JdbcClient jdbc;
    private final ObjectProvider<HealthIndicator> redis;

    public StatusController(RealmPages pages, MaintenanceState maintenance, JdbcClient jdbc,
                            ObjectProvider<HealthIndicator> redis) {
        this.pages = pages;
        this.maintenance = maintenance;
        this.jdbc = jdbc;
        this.redis = redis;
    }

    /** What the status page shows. */
    public record RealmStatus(String realm, String signIn, String email, String digid) {
    }

    @GetMapping(value = "/realms/{realm}/status", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<RealmStatus> json(@PathVariable String realm) {
        RealmStatus status = status(pages.realm(realm));
        return ResponseEntity.status("ok".equals(status.signIn()) ? 200 : 503).body(status);
    }

    @GetMapping(value = "/realms/{realm}/status", produces = MediaType.TEXT_HTML_VALUE)
    String page(@PathVariable String realm, Model model) {
        model.addAttribute("status", status(pages.realm(realm, model)));
        return "login/status";
    }

    private RealmStatus status(RealmDefinition realm) {
        boolean database = databaseUp();
        boolean shared = redis.stream().allMatch(indicator -> Status.UP.equals(indicator.health(false).getStatus()));
        boolean paused = database && maintenance.current(realm.name()).isPresent();
        String email = database && shared ? "up" : "down";
        String digid = realm.digid().isEmpty() ? "not-offered" : (database && shared ? "up" : "down");
        String signIn = paused ? "maintenance" : ("up".equals(email) ? "ok" : "degraded");
        return new RealmStatus(realm.name(), signIn, email, digid);
    }

    private boolean databaseUp() {
        try {
            return jdbc.sql("SELECT 1").query(Integer.class).single() == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
