package nl.toegang.admin;

import nl.toegang.account.Account;
import nl.toegang.account.AccountRepository;
import nl.toegang.audit.AuditLog;
import nl.toegang.oidc.TokenRevocation;
import nl.toegang.oidc.keys.RealmKeyService;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.oidc.keys.KeyRetention;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.session.SsoSessionEnded;
import nl.toegang.session.SsoSessions;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Support and admin actions on accounts. Which role may do what is {@link StaffAction}'s table (checked before a
 * handler runs); every action that changes something needs a {@link StaffReason} and is audited with who (the
 * client), what, whom, when and why.
 */
@RestController
public class UserAdminController {
    private final RealmRegistry realms;
    private final AccountRepository accounts;
    private final TokenRevocation tokens;
    private final RealmKeyService keys;
    private final AuditLog audit;
    private final SupportActions support;
    private final SsoSessions sessions;
    private final Clock clock;

    public UserAdminController(RealmRegistry realms, AccountRepository accounts, TokenRevocation tokens,
                               RealmKeyService keys, AuditLog audit, SupportActions support, SsoSessions sessions,
                               Clock clock) {
        this.realms = realms;
        this.accounts = accounts;
        this.tokens = tokens;
        this.keys = keys;
        this.audit = audit;
        this.support = support;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** An account as support sees it: never a password hash, secret or BSN. */
    public record UserView(String id, String email, String name, String locale, String phone, boolean emailVerified,
                           boolean enabled, Instant createdAt, Instant sessionsNotBefore) {
        static UserView of(Account a) {
            return new UserView(a.id(), a.email(), a.name(), a.locale(), a.phone().orElse(null), a.emailVerified(),
                    a.enabled(), a.createdAt(), a.sessionsNotBefore().orElse(null));
        }
    }

    /** Body of every account action: {@code {"reason": "..."}}. */
    public record ActionRequest(String reason) {
    }

    /** The request's reason; {@link StaffReason.Invalid} (400) when the body or its reason is missing or too long. */
    static StaffReason reason(ActionRequest body) {
        return StaffReason.parse(body == null ? null : body.reason());
    }

    @GetMapping("/admin/realms/{realm}/users")
    @StaffEndpoint(StaffAction.SEARCH_ACCOUNTS)
    ResponseEntity<?> search(@PathVariable String realm, @RequestParam(defaultValue = "") String q,
                             @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        if (realms.find(realm).isEmpty()) {
            return AdminResponses.error(HttpStatus.NOT_FOUND, "not_found", "unknown realm");
        }
        if (page < 0 || size < 1 || size > 200 || q.length() > 320) {
            return AdminResponses.error(HttpStatus.BAD_REQUEST, "invalid_request", "page ≥ 0, size 1..200, q at most 320 characters");
        }
        List<UserView> users = accounts.search(realm, q, page, size).stream().map(UserView::of).toList();
        return ResponseEntity.ok(new UserPage(page, size, users));
    }

    public record UserPage(int page, int size, List<UserView> users) {
    }

    @GetMapping("/admin/realms/{realm}/users/{id}")
    @StaffEndpoint(StaffAction.VIEW_ACCOUNT)
    ResponseEntity<?> view(@PathVariable String realm, @PathVariable String id) {
        return account(realm, id).<ResponseEntity<?>>map(a -> ResponseEntity.ok(UserView.of(a)))
                .orElseGet(() -> AdminResponses.error(HttpStatus.NOT_FOUND, "not_found", "unknown realm or account"));
    }

    @PostMapping("/admin/realms/{realm}/users/{id}/disable")
    @StaffEndpoint(StaffAction.DISABLE_ACCOUNT)
    ResponseEntity<?> disable(@PathVariable String realm, @PathVariable String id,
                              @RequestBody(required = false) ActionRequest body, @AuthenticationPrincipal Jwt token) {
        return setEnabled(realm, id, false, reason(body), token);
    }

    @PostMapping("/admin/realms/{realm}/users/{id}/enable")
    @StaffEndpoint(StaffAction.ENABLE_ACCOUNT)
    ResponseEntity<?> enable(@PathVariable String realm, @PathVariable String id,
                             @RequestBody(required = false) ActionRequest body, @AuthenticationPrincipal Jwt token) {
        return setEnabled(realm, id, true, reason(body), token);
    }

    private ResponseEntity<?> setEnabled(String realm, String id, boolean enabled, StaffReason reason, Jwt token) {
        var account = account(realm, id);
        if (account.isEmpty()) {
            return AdminResponses.error(HttpStatus.NOT_FOUND, "not_found", "unknown realm or account");
        }
        accounts.setEnabled(realm, id, enabled, clock.instant());
        if (!enabled) {
            sessions.signOutEverywhere(realm, id, SsoSessionEnded.Reason.ACCOUNT_DISABLED);
        }
        audit.event(realm, enabled ? "account-enabled" : "account-disabled", "success").account(id)
                .actor(actor(token)).reason(reason.text()).record();
        return ResponseEntity.ok(UserView.of(accounts.findById(realm, id).orElseThrow()));
    }

    @PostMapping("/admin/realms/{realm}/users/{id}/reset-mfa")
    @StaffEndpoint(StaffAction.RESET_MFA)
    ResponseEntity<?> resetMfa(@PathVariable String realm, @PathVariable String id,
                               @RequestBody(required = false) ActionRequest body, @AuthenticationPrincipal Jwt token) {
        StaffReason reason = reason(body);
        if (account(realm, id).isEmpty()) {
            return AdminResponses.error(HttpStatus.NOT_FOUND, "not_found", "unknown realm or account");
        }
        support.resetMfa(realm, id, actor(token), reason);
        return ResponseEntity.ok(UserView.of(accounts.findById(realm, id).orElseThrow()));
    }

    @PostMapping("/admin/realms/{realm}/users/{id}/end-sessions")
    @StaffEndpoint(StaffAction.END_SESSIONS)
    ResponseEntity<?> endSessions(@PathVariable String realm, @PathVariable String id,
                                  @RequestBody(required = false) ActionRequest body, @AuthenticationPrincipal Jwt token) {
        StaffReason reason = reason(body);
        var account = account(realm, id);
        if (account.isEmpty()) {
            return AdminResponses.error(HttpStatus.NOT_FOUND, "not_found", "unknown realm or account");
        }
        support.endSessions(realm, id, actor(token), reason);
        return ResponseEntity.ok(UserView.of(accounts.findById(realm, id).orElseThrow()));
    }

    @PostMapping("/admin/realms/{realm}/users/{id}/revoke-tokens")
    @StaffEndpoint(StaffAction.REVOKE_TOKENS)
    ResponseEntity<?> revokeTokens(@PathVariable String realm, @PathVariable String id,
                                   @RequestBody(required = false) ActionRequest body,
                                   @AuthenticationPrincipal Jwt token) {
        StaffReason reason = reason(body);
        if (account(realm, id).isEmpty()) {
            return AdminResponses.error(HttpStatus.NOT_FOUND, "not_found", "unknown realm or account");
        }
        int revoked = tokens.revokeAll(realm, id);
        audit.event(realm, "tokens-revoked", "success").account(id).actor(actor(token))
                .reason(reason.text()).record();
        return ResponseEntity.ok(new Revoked(revoked));
    }

    public record Revoked(int tokenFamilies) {
    }

    @PostMapping("/admin/realms/{realm}/users/{id}/send-password-reset")
    @StaffEndpoint(StaffAction.SEND_PASSWORD_RESET)
    ResponseEntity<?> sendReset(@PathVariable String realm, @PathVariable String id,
                                @RequestBody(required = false) ActionRequest body, @AuthenticationPrincipal Jwt token) {
        StaffReason reason = reason(body);
        var definition = realms.find(realm);
        var account = account(realm, id);
        if (definition.isEmpty() || account.isEmpty()) {
            return AdminResponses.error(HttpStatus.NOT_FOUND, "not_found", "unknown realm or account");
        }
        support.sendPasswordReset(realm, id, actor(token), reason);
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/admin/realms/{realm}/keys/rotate")
    @StaffEndpoint(StaffAction.ROTATE_KEYS)
    ResponseEntity<?> rotateKeys(@PathVariable String realm, @RequestBody(required = false) ActionRequest body,
                                 @AuthenticationPrincipal Jwt token) {
        StaffReason reason = reason(body);
        Optional<RealmDefinition> definition = realms.find(realm);
        if (definition.isEmpty()) {
            return AdminResponses.error(HttpStatus.NOT_FOUND, "not_found", "unknown realm");
        }
        String kid = keys.rotate(realm, definition.get().settings().signingAlgorithm(),
                KeyRetention.of(definition.get()));
        audit.event(realm, "key-rotated", "success").actor(actor(token))
                .reason(reason.text() + " (new kid " + kid + ")").record();
        return ResponseEntity.ok(new Rotated(kid));
    }

    public record Rotated(String kid) {
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<?> unreadable() {
        return AdminResponses.error(HttpStatus.BAD_REQUEST, "invalid_request", "the body must be JSON like {\"reason\": \"...\"}");
    }

    private Optional<Account> account(String realm, String id) {
        return realms.find(realm).flatMap(r -> accounts.findById(realm, id));
    }


    private static String actor(Jwt token) {
        return "client:" + (token == null ? "unknown" : token.getClaimAsString("client_id"));
    }

}
