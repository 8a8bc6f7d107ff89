package nl.toegang.admin;

import nl.toegang.audit.AuditLog;
import nl.toegang.maintenance.MaintenanceState;
import nl.toegang.realm.Maintenance;
import nl.toegang.realm.RealmRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Optional;

/** Operators put a realm into maintenance and lift it again, with a reason (admin role); support can read the state. */
@RestController
public class MaintenanceAdminController {
    private final RealmRegistry realms;
    private final MaintenanceState state;
    private final AuditLog audit;

    public MaintenanceAdminController(RealmRegistry realms, MaintenanceState state, AuditLog audit) {
        this.realms = realms;
        this.state = state;
        this.audit = audit;
    }

    public record MaintenanceRequest(String messageNl, String messageEn, Instant until, Boolean blockSignedIn,
                                     String reason) {
    }

    public record MaintenanceView(boolean active, String messageNl, String messageEn, Instant until,
                                  boolean blockSignedIn) {
        static MaintenanceView of(Optional<Maintenance> m) {
            return m.map(x -> new MaintenanceView(true, x.messageNl(), x.messageEn(), x.until().orElse(null),
                    x.blockSignedIn())).orElse(new MaintenanceView(false, null, null, null, false));
        }
    }

    @GetMapping("/admin/realms/{realm}/maintenance")
    @StaffEndpoint(StaffAction.VIEW_MAINTENANCE)
    ResponseEntity<?> get(@PathVariable String realm) {
        if (realms.find(realm).isEmpty()) {
            return AdminResponses.error(HttpStatus.NOT_FOUND, "not_found", "unknown realm");
        }
        return ResponseEntity.ok(MaintenanceView.of(state.current(realm)));
    }

    @PutMapping("/admin/realms/{realm}/maintenance")
    @StaffEndpoint(StaffAction.START_MAINTENANCE)
    ResponseEntity<?> start(@PathVariable String realm, @RequestBody(required = false) MaintenanceRequest body,
                            @AuthenticationPrincipal Jwt token) {
        StaffReason reason = StaffReason.parse(body == null ? null : body.reason());
        if (realms.find(realm).isEmpty()) {
            return AdminResponses.error(HttpStatus.NOT_FOUND, "not_found", "unknown realm");
        }
        if (blank(body.messageNl()) || blank(body.messageEn())
                || body.messageNl().length() > 1000 || body.messageEn().length() > 1000) {
            return AdminResponses.error(HttpStatus.BAD_REQUEST, "invalid_request",
                    "messageNl and messageEn (at most 1000 characters each) and a reason are required");
        }
        String actor = "client:" + token.getClaimAsString("client_id");
        state.start(realm, new Maintenance(body.messageNl(), body.messageEn(), Optional.ofNullable(body.until()),
                Boolean.TRUE.equals(body.blockSignedIn())), actor);
        audit.event(realm, "maintenance-started", "success").actor(actor).reason(reason.text()).record();
        return ResponseEntity.ok(MaintenanceView.of(state.current(realm)));
    }

    /** The reason comes in a JSON body like every other action's ({@code {"reason": "..."}}), not in the URL. */
    @DeleteMapping("/admin/realms/{realm}/maintenance")
    @StaffEndpoint(StaffAction.END_MAINTENANCE)
    ResponseEntity<?> lift(@PathVariable String realm,
                           @RequestBody(required = false) UserAdminController.ActionRequest body,
                           @AuthenticationPrincipal Jwt token) {
        StaffReason reason = UserAdminController.reason(body);
        if (realms.find(realm).isEmpty()) {
            return AdminResponses.error(HttpStatus.NOT_FOUND, "not_found", "unknown realm");
        }
        String actor = "client:" + token.getClaimAsString("client_id");
        state.lift(realm, actor);
        audit.event(realm, "maintenance-ended", "success").actor(actor).reason(reason.text()).record();
        return ResponseEntity.ok(MaintenanceView.of(state.current(realm)));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<?> unreadable() {
        return AdminResponses.error(HttpStatus.BAD_REQUEST, "invalid_request",
                "the body must be JSON like {\"messageNl\": \"...\", \"messageEn\": \"...\", \"until\": "
                        + "\"2026-12-01T06:00:00Z\", \"reason\": \"...\"}");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }


}
