package nl.toegang.admin;

import nl.toegang.account.AccountRepository;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staff rules of issue 15 through the admin API: every action that changes something needs a reason (1 to 500
 * characters after trimming; else 400 and nothing happens) and is audited with it; and the role table
 * ({@link StaffAction}) is the one the API applies, including the staff realm being for the admin role only, as on
 * the support pages ({@code SupportPagesTest#staffAccountsAreForTheAdminRoleOnlyOnThePagesAsInTheApi}).
 */
class StaffActionRulesTest {
    static final String OPS_SECRET = "ops-secret-for-tests-0123456789abcdefgh";
    static final String HELPDESK_SECRET = "helpdesk-secret-for-tests-0123456789ab";
    static final String MAINTENANCE = "{\"messageNl\":\"Onderhoud\",\"messageEn\":\"Maintenance\"%s}";

    @TempDir
    static Path temp;
    static TestServer server;
    static String bob;
    static String staffer;

    /** A state-changing endpoint, the audit event it writes, and its body without the reason. */
    record Change(String method, String path, String realm, String auditType, String bodyFormat) {
        String body(String reason) {
            String field = reason == null ? "" : (bodyFormat.startsWith("{%s") ? "" : ",") + "\"reason\":" + reason;
            return bodyFormat.formatted(field);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("admin.yaml"), """
                name: admin
                displayName: Beheer
                clients:
                  - clientId: ops
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                    roles: [admin]
                  - clientId: helpdesk
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                    roles: [support]
                users:
                  - email: staffer@example.org
                    password: Correct-Horse-Battery-42
                    name: Staffer
                    emailVerified: true
                    roles: [support]
                """.formatted(OPS_SECRET, HELPDESK_SECRET));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Portaal
                users:
                  - email: bob@example.org
                    password: Correct-Horse-Battery-42
                    name: Bob
                    emailVerified: true
                """);
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
        bob = server.bean(AccountRepository.class).findByEmail("portal", "bob@example.org").orElseThrow().id();
        staffer = server.bean(AccountRepository.class).findByEmail("admin", "staffer@example.org").orElseThrow().id();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** Every state-changing staff endpoint, in an order in which each succeeds when given a reason. */
    static List<Change> changes() {
        String user = "/admin/realms/portal/users/" + bob;
        return List.of(
                new Change("POST", user + "/unlock", "portal", "unlock", "{%s}"),
                new Change("POST", user + "/end-sessions", "portal", "sessions-ended", "{%s}"),
                new Change("POST", user + "/revoke-tokens", "portal", "tokens-revoked", "{%s}"),
                new Change("POST", user + "/send-password-reset", "portal", "password-reset-sent", "{%s}"),
                new Change("POST", user + "/reset-mfa", "portal", "mfa-reset", "{%s}"),
                new Change("POST", user + "/disable", "portal", "account-disabled", "{%s}"),
                new Change("POST", user + "/enable", "portal", "account-enabled", "{%s}"),
                new Change("POST", "/admin/realms/portal/keys/rotate", "portal", "key-rotated", "{%s}"),
                new Change("PUT", "/admin/realms/portal/maintenance", "portal", "maintenance-started",
                        MAINTENANCE),
                new Change("DELETE", "/admin/realms/portal/maintenance", "portal", "maintenance-ended", "{%s}"),
                new Change("PUT", "/admin/realms/admin/users/" + staffer + "/roles", "admin", "staff-roles-changed",
                        "{\"roles\":[\"support\"]%s}"));
    }

    @Test
    void whenAChangeComesWithoutAReasonThen400AndNothingChanged() {
        String ops = token("ops", OPS_SECRET);
        for (Change change : changes()) {
            for (String reason : new String[]{null, "null", "\"\"", "\"   \"", "\"" + "x".repeat(501) + "\""}) {
                long before = audited(change);
                var response = call(change.method(), change.path(), ops, change.body(reason));
                assertThat(response.statusCode()).as(change + " reason " + reason).isEqualTo(400);
                var error = OidcTestClient.json(response.body());
                assertThat(error.get("error").asString()).isEqualTo("invalid_request");
                assertThat(error.get("error_description").asString()).contains("reason");
                assertThat(audited(change)).as("nothing audited: " + change).isEqualTo(before);
            }
        }
        // And the state did not change either.
        assertThat(server.bean(AccountRepository.class).findById("portal", bob).orElseThrow().enabled()).isTrue();
        assertThat(OidcTestClient.json(call("GET", "/admin/realms/portal/maintenance", ops, null).body())
                .get("active").asBoolean()).isFalse();
        assertThat(call("DELETE", "/admin/realms/portal/maintenance", ops, null).statusCode())
                .as("DELETE without a body").isEqualTo(400);
        assertThat(call("POST", "/admin/realms/portal/keys/rotate", ops, null).statusCode()).isEqualTo(400);
    }

    @Test
    void whenAChangeComesWithAReasonThenItIsAuditedWithTheTrimmedReason() {
        String ops = token("ops", OPS_SECRET);
        int n = 0;
        for (Change change : changes()) {
            String reason = "ticket " + (++n);
            if (change.auditType().equals("tokens-revoked")) {
                reason = reason + " " + "r".repeat(StaffReason.MAX_LENGTH - reason.length() - 1); // the longest allowed
            }
            long before = audited(change);
            var response = call(change.method(), change.path(), ops, change.body("\"  " + reason + "  \""));
            assertThat(response.statusCode()).as(change + ": " + response.body()).isBetween(200, 202);
            assertThat(audited(change)).as(change.toString()).isEqualTo(before + 1);
            String audited = server.bean(JdbcClient.class).sql("SELECT reason FROM audit_event WHERE realm = ? AND "
                            + "type = ? AND actor = 'client:ops' ORDER BY occurred_at DESC")
                    .params(change.realm(), change.auditType()).query(String.class).list().get(0);
            assertThat(audited).as(change.toString()).contains(reason.strip()).doesNotContain("  ticket");
        }
    }

    @Test
    void supportCannotSeeOrTouchStaffAccountsThroughTheApiLikeOnThePages() {
        String helpdesk = token("helpdesk", HELPDESK_SECRET);
        String staff = "/admin/realms/admin/users";
        for (String path : List.of(staff + "?q=staffer", staff + "/" + staffer, staff + "/" + staffer + "/roles",
                staff + "/" + staffer + "/lockout", "/admin/realms/admin/audit")) {
            var refused = call("GET", path, helpdesk, null);
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(refused.body()).as(path).doesNotContain("staffer@example.org")
                    .contains("insufficient_scope");
        }
        assertThat(call("POST", staff + "/" + staffer + "/end-sessions", helpdesk, "{\"reason\":\"x\"}")
                .statusCode()).isEqualTo(403);
        assertThat(call("GET", "/admin/realms/portal/users?q=bob", helpdesk, null).statusCode())
                .as("other realms are support's work").isEqualTo(200);
        assertThat(call("GET", staff + "?q=staffer", token("ops", OPS_SECRET), null).body())
                .as("the admin role manages staff").contains("staffer@example.org");
    }

    @Test
    void supportIsRefusedExactlyTheActionsTheRoleTableKeepsForAdmins() {
        String helpdesk = token("helpdesk", HELPDESK_SECRET);
        for (Change change : changes()) {
            if (change.realm().equals("admin")) {
                continue; // the staff realm: covered above
            }
            StaffAction action = actionOf(change);
            int status = call(change.method(), change.path(), helpdesk, change.body("\"checking the table\""))
                    .statusCode();
            if (action.roles().contains("support")) {
                assertThat(status).as(change.toString()).isBetween(200, 202);
            } else {
                assertThat(status).as(change.toString()).isEqualTo(403);
            }
        }
    }

    /** No admin endpoint without a named action; every one that is not a GET changes state and needs a reason. */
    @Test
    void everyAdminEndpointNamesItsStaffAction() {
        var mapping = server.bean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        int count = 0;
        for (var entry : mapping.getHandlerMethods().entrySet()) {
            if (entry.getKey().getPatternValues().stream().noneMatch(p -> p.startsWith("/admin/"))) {
                continue;
            }
            count++;
            StaffEndpoint endpoint = entry.getValue().getMethodAnnotation(StaffEndpoint.class);
            assertThat(endpoint).as(entry.getKey().toString()).isNotNull();
            boolean read = entry.getKey().getMethodsCondition().getMethods().equals(java.util.Set.of(RequestMethod.GET));
            assertThat(endpoint.value().needsReason()).as(entry.getKey().toString()).isEqualTo(!read);
        }
        assertThat(count).isEqualTo(StaffAction.values().length);
    }

    private static StaffAction actionOf(Change change) {
        return switch (change.auditType()) {
            case "unlock" -> StaffAction.UNLOCK;
            case "sessions-ended" -> StaffAction.END_SESSIONS;
            case "tokens-revoked" -> StaffAction.REVOKE_TOKENS;
            case "password-reset-sent" -> StaffAction.SEND_PASSWORD_RESET;
            case "mfa-reset" -> StaffAction.RESET_MFA;
            case "account-disabled" -> StaffAction.DISABLE_ACCOUNT;
            case "account-enabled" -> StaffAction.ENABLE_ACCOUNT;
            case "key-rotated" -> StaffAction.ROTATE_KEYS;
            case "maintenance-started" -> StaffAction.START_MAINTENANCE;
            case "maintenance-ended" -> StaffAction.END_MAINTENANCE;
            default -> StaffAction.CHANGE_STAFF_ROLES;
        };
    }

    private static long audited(Change change) {
        return server.bean(JdbcClient.class).sql("SELECT COUNT(*) FROM audit_event WHERE realm = ? AND type = ?")
                .params(change.realm(), change.auditType()).query(Long.class).single();
    }

    private static String token(String clientId, String secret) {
        var response = new OidcTestClient(server.issuer("admin"), clientId, secret, null)
                .tokenRequest(Map.of("grant_type", "client_credentials"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return OidcTestClient.json(response.body()).get("access_token").asString();
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) {
        return new Browser().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }
}
