package nl.toegang.admin;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A missing or too long reason on any admin API action: 400 with what is wrong, before anything changed. */
@RestControllerAdvice(assignableTypes = {UserAdminController.class, LockoutAdminController.class,
        MaintenanceAdminController.class, StaffRolesAdminController.class})
class StaffReasonAdvice {

    @ExceptionHandler(StaffReason.Invalid.class)
    ResponseEntity<?> invalid(StaffReason.Invalid e) {
        return AdminResponses.error(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage());
    }
}
