package nl.toegang.admin;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Shared answers of the admin API: errors in OAuth's JSON shape. */
final class AdminResponses {

    private AdminResponses() {
    }

    static ResponseEntity<?> error(HttpStatus status, String code, String description) {
        return ResponseEntity.status(status).body(new LockoutAdminController.ApiError(code, description));
    }
}
