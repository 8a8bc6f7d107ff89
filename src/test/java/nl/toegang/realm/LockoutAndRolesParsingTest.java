package nl.toegang.realm;

import nl.toegang.realm.LockoutPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code settings.lockout} and client {@code roles}: read into the typed model, refused with file and line. */
class LockoutAndRolesParsingTest {
    @TempDir
    Path dir;
    RealmFiles files;

    @BeforeEach
    void setUp() {
        files = RealmFiles.development(dir);
    }

    @Test
    void whenLockoutBlockIsGivenThenEveryFieldIsReadAndTheRestKeepsDefaults() {
        LockoutPolicy policy = files.parse("""
                name: portal
                displayName: Portaal
                settings:
                  lockout:
                    freeFailures: 5
                    maxDelay: 1m
                    failuresPerLockout: 8
                    lockoutWaits: [10m, 1h]
                    permanentDisableAt: 50
                    ipFailuresPerWindow: 200
                    ipAccountsPerWindow: 30
                    window: 15m
                """).settings().lockout();
        LockoutPolicy defaults = LockoutPolicy.defaults();
        assertThat(policy).isEqualTo(defaults.toBuilder().freeFailures(5).maxDelay(Duration.ofMinutes(1))
                .failuresBeforeLockout(8).lockoutWaits(List.of(Duration.ofMinutes(10), Duration.ofHours(1)))
                .permanentDisableAt(50).ipMaxFailures(200).ipMaxAccounts(30).ipWindow(Duration.ofMinutes(15))
                .build());
    }

    @Test
    void whenLockoutBlockIsAbsentThenDefaultsApply() {
        assertThat(files.parse("name: portal\ndisplayName: Portaal\n").settings().lockout())
                .isEqualTo(LockoutPolicy.defaults());
    }

    @Test
    void whenPermanentDisableAtExceedsNistCapThenErrorNamesLineAndReason() {
        RealmFileException e = files.failure("""
                name: portal
                displayName: Portaal
                settings:
                  lockout:
                    permanentDisableAt: 101
                """);
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.problem()).contains("permanentDisableAt", "between 1 and 100", "NIST");
    }

    @Test
    void whenLockoutFieldIsUnknownThenErrorListsAllowedFields() {
        RealmFileException e = files.failure("""
                name: portal
                displayName: Portaal
                settings:
                  lockout:
                    max_delay: 5s
                """);
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.problem()).contains("unknown field 'max_delay'", "did you mean 'maxDelay'");
    }

    @Test
    void whenLockoutValuesAreMalformedThenErrorsPointAtThem() {
        assertThat(files.failure("""
                name: portal
                displayName: Portaal
                settings:
                  lockout:
                    freeFailures: three
                """).problem()).contains("freeFailures", "whole number");
        RealmFileException wait = files.failure("""
                name: portal
                displayName: Portaal
                settings:
                  lockout:
                    lockoutWaits:
                      - 5m
                      - soon
                """);
        assertThat(wait.line()).isEqualTo(7);
        assertThat(wait.problem()).contains("lockoutWaits", "not a duration");
        assertThat(files.failure("""
                name: portal
                displayName: Portaal
                settings:
                  lockout:
                    lockoutWaits: []
                """).problem()).contains("lockoutWaits", "empty");
    }

    @Test
    void whenClientHasRolesThenTheyAreRead() {
        ClientDefinition client = files.parse("""
                name: admin
                displayName: Beheer
                clients:
                  - clientId: support-tool
                    type: confidential
                    secret: s3cret-for-tests
                    grantTypes: [client_credentials]
                    roles: [admin, support]
                """).clients().get(0);
        assertThat(client.roles()).isEqualTo(Set.of("admin", "support"));
    }

    @Test
    void whenRoleIsUnknownOrWithoutClientCredentialsThenRefused() {
        RealmFileException unknown = files.failure("""
                name: admin
                displayName: Beheer
                clients:
                  - clientId: tool
                    type: confidential
                    secret: s3cret-for-tests
                    grantTypes: [client_credentials]
                    roles: [root]
                """);
        assertThat(unknown.line()).isEqualTo(8);
        assertThat(unknown.problem()).contains("unknown role 'root'", "admin, support");
        assertThat(files.failure("""
                name: admin
                displayName: Beheer
                clients:
                  - clientId: app
                    type: confidential
                    secret: s3cret-for-tests
                    redirectUris: [https://app.example.test/cb]
                    roles: [admin]
                """).problem()).contains("roles", "client_credentials");
    }

    @Test
    void staffRolesOfUsersAreReadInRealmAdminAndRefusedElsewhere() {
        var admin = files.parse("""
                name: admin
                displayName: Beheer
                users:
                  - email: helpdesk@example.org
                    password: x
                    name: Helpdesk
                    roles: [support, admin]
                """);
        assertThat(admin.users().get(0).roles()).containsExactlyInAnyOrder("support", "admin");

        RealmFileException elsewhere = files.failure("""
                name: portal
                displayName: Portaal
                users:
                  - email: alice@example.org
                    password: x
                    name: Alice
                    roles: [support]
                """);
        assertThat(elsewhere.line()).isEqualTo(7);
        assertThat(elsewhere.problem()).contains("roles", "realm 'admin'");

        RealmFileException unknown = files.failure("""
                name: admin
                displayName: Beheer
                users:
                  - email: helpdesk@example.org
                    password: x
                    name: Helpdesk
                    roles: [superuser]
                """);
        assertThat(unknown.problem()).contains("superuser");
    }
}
