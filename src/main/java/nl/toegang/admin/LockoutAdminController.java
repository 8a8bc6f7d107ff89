package nl.toegang.admin;

import nl.toegang.account.AccountLockouts;
import nl.toegang.lockout.LockoutState;
import nl.toegang.realm.RealmRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * Support's view of an account's password lockout, and the unlock. Access rules are {@link StaffAction}'s table;
 * this class only answers.
 */
@RestController
public class LockoutAdminController {
    private final RealmRegistry realms;
    private final AccountLockouts lockouts;
    private final SupportActions support;

    public LockoutAdminController(RealmRegistry realms, AccountLockouts lockouts, SupportActions support) {
        this.realms = realms;
        this.lockouts = lockouts;
        this.support = support;
    }

    @GetMapping("/admin/realms/{realm}/users/{accountId}/lockout")
    @StaffEndpoint(StaffAction.VIEW_LOCKOUT)
    ResponseEntity<?> lockout(@PathVariable String realm, @PathVariable String accountId) {
        if (realms.find(realm).isEmpty()) {
            return notFound("unknown realm");
        }
        return lockouts.state(realm, accountId)
                .<ResponseEntity<?>>map(state -> ResponseEntity.ok(LockoutView.of(realm, accountId, state)))
                .orElseGet(() -> notFound("unknown account"));
    }

    @PostMapping("/admin/realms/{realm}/users/{accountId}/unlock")
    @StaffEndpoint(StaffAction.UNLOCK)
    ResponseEntity<?> unlock(@PathVariable String realm, @PathVariable String accountId,
                             @RequestBody(required = false) UnlockRequest body, @AuthenticationPrincipal Jwt token) {
        StaffReason reason = StaffReason.parse(body == null ? null : body.reason());
        if (realms.find(realm).isEmpty()) {
            return notFound("unknown realm");
        }
        String actor = "client:" + token.getClaimAsString("client_id");
        if (!support.unlock(realm, accountId, actor, reason)) {
            return notFound("unknown account");
        }
        return ResponseEntity.ok(LockoutView.of(realm, accountId, lockouts.state(realm, accountId).orElseThrow()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable() {
        return ResponseEntity.badRequest().body(new ApiError("invalid_request",
                "the body must be JSON like {\"reason\": \"...\"}"));
    }

    private static ResponseEntity<?> notFound(String what) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError("not_found", what));
    }

    /** Body of an unlock. */
    public record UnlockRequest(String reason) {
    }

    /** Error body, in the shape OAuth clients already parse. */
    public record ApiError(String error, String error_description) {
    }

    /** The account's untrusted budget (what every browser without a device cookie gets). */
    public record LockoutView(String realm, String accountId, Budget untrusted) {
        static LockoutView of(String realm, String accountId, LockoutState state) {
            return new LockoutView(realm, accountId, new Budget(state.consecutiveFailures(), state.lockouts(),
                    state.lockedUntil().orElse(null), state.disabled()));
        }
    }

    public record Budget(long failures, int lockouts, Instant lockedUntil, boolean disabled) {
    }
}
