package nl.toegang.admin;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;

/** Shared answers of the admin API: errors in OAuth's JSON shape, and the admin-role check. */
final class AdminResponses {

    private AdminResponses() {
    }

    static ResponseEntity<?> error(HttpStatus status, String code, String description) {
        return ResponseEntity.status(status).body(new LockoutAdminController.ApiError(code, description));
    }

    /** Support may use every admin endpoint; a few actions need the admin role on top. */
    static boolean isAdmin(Authentication caller) {
        return caller != null && caller.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_" + AdminSecurityConfiguration.ROLE_ADMIN));
    }
}
