package nl.toegang.admin;

import nl.toegang.account.AccountRepository;
import nl.toegang.account.StaffRoles;
import nl.toegang.audit.AuditLog;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may use the support pages: the staff roles of accounts in realm {@code admin}. Like every staff account,
 * they are for the admin role only ({@link StaffAction}); changing them needs a reason, and is audited with the old
 * and the new roles. Roles exist only in realm {@code admin}; asking for another realm is a 404.
 */
@RestController
public class StaffRolesAdminController {
    private final AccountRepository accounts;
    private final StaffRoles staffRoles;
    private final AuditLog audit;
    private final Clock clock;

    public StaffRolesAdminController(AccountRepository accounts, StaffRoles staffRoles, AuditLog audit, Clock clock) {
        this.accounts = accounts;
        this.staffRoles = staffRoles;
        this.audit = audit;
        this.clock = clock;
    }

    public record RolesView(String id, List<String> roles) {
    }

    public record RolesChange(List<String> roles, String reason) {
    }

    @GetMapping("/admin/realms/{realm}/users/{id}/roles")
    @StaffEndpoint(StaffAction.VIEW_STAFF_ROLES)
    ResponseEntity<?> roles(@PathVariable String realm, @PathVariable String id) {
        if (!isStaffAccount(realm, id)) {
            return notFound();
        }
        return ResponseEntity.ok(new RolesView(id, List.copyOf(staffRoles.of(id))));
    }

    @PutMapping("/admin/realms/{realm}/users/{id}/roles")
    @StaffEndpoint(StaffAction.CHANGE_STAFF_ROLES)
    ResponseEntity<?> replace(@PathVariable String realm, @PathVariable String id,
                              @RequestBody(required = false) RolesChange change, @AuthenticationPrincipal Jwt token) {
        StaffReason reason = StaffReason.parse(change == null ? null : change.reason());
        if (!isStaffAccount(realm, id)) {
            return notFound();
        }
        if (change.roles() == null) {
            return AdminResponses.error(HttpStatus.BAD_REQUEST, "invalid_request",
                    "a JSON body {\"roles\": [...], \"reason\": \"...\"} is required");
        }
        Set<String> roles = new TreeSet<>();
        for (String role : change.roles()) {
            if (role == null || !StaffRoles.ALL.contains(role)) {
                return AdminResponses.error(HttpStatus.BAD_REQUEST, "invalid_request",
                        "roles may only be \"support\" and \"admin\"");
            }
            roles.add(role);
        }
        Set<String> before = staffRoles.of(id);
        staffRoles.replace(id, roles, clock.instant());
        audit.event(StaffRoles.REALM, "staff-roles-changed", "success").account(id)
                .actor("client:" + (token == null ? "unknown" : token.getClaimAsString("client_id")))
                // The role change first: the audit column holds 500 characters and cuts a long reason, not the change.
                .reason("[" + String.join(",", before) + " -> " + String.join(",", roles) + "] " + reason.text())
                .record();
        return ResponseEntity.ok(new RolesView(id, List.copyOf(roles)));
    }

    private boolean isStaffAccount(String realm, String id) {
        return StaffRoles.REALM.equals(realm) && accounts.findById(realm, id).isPresent();
    }

    private static ResponseEntity<?> notFound() {
        return AdminResponses.error(HttpStatus.NOT_FOUND, "not_found",
                "unknown account; staff roles exist only for accounts of realm admin");
    }
}
