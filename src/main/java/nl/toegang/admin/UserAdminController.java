package nl.toegang.admin;

import nl.toegang.account.Account;
import nl.toegang.account.AccountRepository;
import nl.toegang.audit.AuditLog;
import nl.toegang.oidc.TokenRevocation;
import nl.toegang.oidc.keys.RealmKeyService;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmImporter;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.session.SsoSessionEnded;
import nl.toegang.session.SsoSessions;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.Authentication;
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
 * Support and admin actions on accounts. Roles: {@code support} may search, view, end sessions, revoke tokens and
 * send a password reset; {@code admin} may also disable/enable accounts, reset MFA and rotate keys. Every action is audited
 * with who (the client), what, whom, when and why; disabling needs a reason.
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

    public record ActionRequest(String reason) {
    }

    @GetMapping("/admin/realms/{realm}/users")
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
    ResponseEntity<?> view(@PathVariable String realm, @PathVariable String id) {
        return account(realm, id).<ResponseEntity<?>>map(a -> ResponseEntity.ok(UserView.of(a)))
                .orElseGet(() -> AdminResponses.error(HttpStatus.NOT_FOUND, "not_found", "unknown realm or account"));
    }

    @PostMapping("/admin/realms/{realm}/users/{id}/disable")
    ResponseEntity<?> disable(@PathVariable String realm, @PathVariable String id,
                              @RequestBody(required = false) ActionRequest body, Authentication caller,
                              @AuthenticationPrincipal Jwt token) {
        return setEnabled(realm, id, false, body, caller, token);
    }

    @PostMapping("/admin/realms/{realm}/users/{id}/enable")
    ResponseEntity<?> enable(@PathVariable String realm, @PathVariable String id,
                             @RequestBody(required = false) ActionRequest body, Authentication caller,
                             @AuthenticationPrincipal Jwt token) {
        return setEnabled(realm, id, true, body, caller, token);
    }

    private ResponseEntity<?> setEnabled(String realm, String id, boolean enabled, ActionRequest body,
                                         Authentication caller, Jwt token) {
        if (!AdminResponses.isAdmin(caller)) {
            return AdminResponses.error(HttpStatus.FORBIDDEN, "insufficient_scope", "only the admin role may disable or enable");
        }
        if (body == null || body.reason() == null || body.reason().isBlank()) {
            return AdminResponses.error(HttpStatus.BAD_REQUEST, "invalid_request", "a JSON body {\"reason\": \"...\"} is required");
        }
        var account = account(realm, id);
        if (account.isEmpty()) {
            return AdminResponses.error(HttpStatus.NOT_FOUND, "not_found", "unknown realm or account");
        }
        accounts.setEnabled(realm, id, enabled, clock.instant());
        if (!enabled) {
            sessions.signOutEverywhere(realm, id, SsoSessionEnded.Reason.ACCOUNT_DISABLED);
        }
        audit.event(realm, enabled ? "account-enabled" : "account-disabled", "success").account(id)
                .actor(actor(token)).reason(body.reason()).record();
        return ResponseEntity.ok(UserView.of(accounts.findById(realm, id).orElseThrow()));
    }

    @PostMapping("/admin/realms/{realm}/users/{id}/reset-mfa")
    ResponseEntity<?> resetMfa(@PathVariable String realm, @PathVariable String id,
                               @RequestBody(required = false) ActionRequest body, Authentication caller,
                               @AuthenticationPrincipal Jwt token) {
        if (!AdminResponses.isAdmin(caller)) {
            return AdminResponses.error(HttpStatus.FORBIDDEN, "insufficient_scope", "only the admin role may reset MFA");
        }
        if (body == null || body.reason() == null || body.reason().isBlank()) {
            return AdminResponses.error(HttpStatus.BAD_REQUEST, "invalid_request",
                    "a JSON body {\"reason\": \"...\"} is required");
        }
        if (account(realm, id).isEmpty()) {
            return AdminResponses.error(HttpStatus.NOT_FOUND, "not_found", "unknown realm or account");
        }
        support.resetMfa(realm, id, actor(token), body.reason());
        return ResponseEntity.ok(UserView.of(accounts.findById(realm, id).orElseThrow()));
    }

    @PostMapping("/admin/realms/{realm}/users/{id}/end-sessions")
    ResponseEntity<?> endSessions(@PathVariable String realm, @PathVariable String id,
                                  @RequestBody(required = false) ActionRequest body, @AuthenticationPrincipal Jwt token) {
        var account = account(realm, id);
        if (account.isEmpty()) {
            return AdminResponses.error(HttpStatus.NOT_FOUND, "not_found", "unknown realm or account");
        }
        support.endSessions(realm, id, actor(token), body == null ? null : body.reason());
        return ResponseEntity.ok(UserView.of(accounts.findById(realm, id).orElseThrow()));
    }

    @PostMapping("/admin/realms/{realm}/users/{id}/revoke-tokens")
    ResponseEntity<?> revokeTokens(@PathVariable String realm, @PathVariable String id,
                                   @RequestBody(required = false) ActionRequest body,
                                   @AuthenticationPrincipal Jwt token) {
        if (account(realm, id).isEmpty()) {
            return AdminResponses.error(HttpStatus.NOT_FOUND, "not_found", "unknown realm or account");
        }
        int revoked = tokens.revokeAll(realm, id);
        audit.event(realm, "tokens-revoked", "success").account(id).actor(actor(token))
                .reason(body == null ? null : body.reason()).record();
        return ResponseEntity.ok(new Revoked(revoked));
    }

    public record Revoked(int tokenFamilies) {
    }

    @PostMapping("/admin/realms/{realm}/users/{id}/send-password-reset")
    ResponseEntity<?> sendReset(@PathVariable String realm, @PathVariable String id,
                                @RequestBody(required = false) ActionRequest body, @AuthenticationPrincipal Jwt token) {
        var definition = realms.find(realm);
        var account = account(realm, id);
        if (definition.isEmpty() || account.isEmpty()) {
            return AdminResponses.error(HttpStatus.NOT_FOUND, "not_found", "unknown realm or account");
        }
        support.sendPasswordReset(realm, id, actor(token), body == null ? null : body.reason());
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/admin/realms/{realm}/keys/rotate")
    ResponseEntity<?> rotateKeys(@PathVariable String realm, Authentication caller, @AuthenticationPrincipal Jwt token) {
        if (!AdminResponses.isAdmin(caller)) {
            return AdminResponses.error(HttpStatus.FORBIDDEN, "insufficient_scope", "only the admin role may rotate keys");
        }
        Optional<RealmDefinition> definition = realms.find(realm);
        if (definition.isEmpty()) {
            return AdminResponses.error(HttpStatus.NOT_FOUND, "not_found", "unknown realm");
        }
        String kid = keys.rotate(realm, definition.get().settings().signingAlgorithm(),
                RealmImporter.retention(definition.get()));
        audit.event(realm, "key-rotated", "success").actor(actor(token)).reason("new kid " + kid).record();
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
