package nl.toegang.admin;

import nl.toegang.audit.AuditEvent;
import nl.toegang.audit.AuditQuery;
import nl.toegang.realm.RealmRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** The audit trail of a realm for support and admins, filtered by account, type and time, newest first. */
@RestController
public class AuditAdminController {
    private final RealmRegistry realms;
    private final AuditQuery query;

    public AuditAdminController(RealmRegistry realms, AuditQuery query) {
        this.realms = realms;
        this.query = query;
    }

    @GetMapping("/admin/realms/{realm}/audit")
    @StaffEndpoint(StaffAction.VIEW_AUDIT)
    ResponseEntity<?> list(@PathVariable String realm, @RequestParam Optional<String> account,
                           @RequestParam Optional<String> type, @RequestParam Optional<String> from,
                           @RequestParam Optional<String> to, @RequestParam(defaultValue = "0") int page,
                           @RequestParam(defaultValue = "50") int size) {
        if (realms.find(realm).isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(new LockoutAdminController.ApiError("not_found", "unknown realm"));
        }
        if (page < 0 || size < 1 || size > 500) {
            return badRequest("page must be ≥ 0 and size between 1 and 500");
        }
        Optional<Instant> fromTime;
        Optional<Instant> toTime;
        try {
            fromTime = from.map(Instant::parse);
            toTime = to.map(Instant::parse);
        } catch (DateTimeParseException e) {
            return badRequest("from and to must be ISO-8601 instants like 2026-11-25T12:00:00Z");
        }
        List<AuditEvent> events = query.find(new AuditQuery.Filter(realm, account, type, fromTime, toTime, page,
                size));
        return ResponseEntity.ok(new Page(page, size, events.stream().map(View::of).toList()));
    }

    private static ResponseEntity<?> badRequest(String description) {
        return ResponseEntity.badRequest().body(new LockoutAdminController.ApiError("invalid_request", description));
    }

    public record Page(int page, int size, List<View> events) {
    }

    /** An event as the API shows it (nulls instead of Optionals). */
    public record View(String id, Instant occurredAt, String type, String outcome, String accountId, String clientId,
                       String actor, String reason, String ip, String userAgent, String correlationId) {
        static View of(AuditEvent e) {
            return new View(e.id(), e.occurredAt(), e.type(), e.outcome(), e.accountId().orElse(null),
                    e.clientId().orElse(null), e.actor().orElse(null), e.reason().orElse(null), e.ip().orElse(null),
                    e.userAgent().orElse(null), e.correlationId().orElse(null));
        }
    }
}
