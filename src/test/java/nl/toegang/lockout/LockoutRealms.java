package nl.toegang.lockout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Realm files for the lockout tests: small thresholds so a whole schedule fits in a few requests. */
final class LockoutRealms {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String ADMIN_SECRET = "admin-secret-for-tests-0123456789abcdef";
    static final String SUPPORT_SECRET = "support-secret-for-tests-0123456789abc";
    static final String PLAIN_SECRET = "plain-secret-for-tests-0123456789abcde";

    private LockoutRealms() {
    }

    /**
     * Realm {@code portal}: 2 free failures, delays 1 s, 2 s, 4 s (cap), a 5-minute lockout at 5 failures and a
     * 15-minute one at 10, password disabled at 12. IP limits are high so only the account rules show.
     * Realm {@code admin}: clients with role admin, role support, and no role.
     */
    static Path write(Path dir, String... users) throws IOException {
        Files.createDirectories(dir);
        StringBuilder seeded = new StringBuilder();
        for (String user : users) {
            seeded.append("""
                      - email: %s
                        password: %s
                        name: %s
                        emailVerified: true
                        locale: en
                    """.formatted(user, PASSWORD, user.substring(0, user.indexOf('@'))));
        }
        Files.writeString(dir.resolve("portal.yaml"), """
                name: portal
                displayName: Test Portaal
                settings:
                  lockout:
                    freeFailures: 2
                    maxDelay: 4s
                    failuresPerLockout: 5
                    lockoutWaits: [5m, 15m]
                    permanentDisableAt: 12
                    ipFailuresPerWindow: 1000
                    ipAccountsPerWindow: 1000
                clients:
                  - clientId: rp
                    type: public
                    redirectUris: [https://rp.example.test/cb]
                users:
                """ + seeded);
        Files.writeString(dir.resolve("admin.yaml"), """
                name: admin
                displayName: Toegang beheer
                clients:
                  - clientId: support-tool
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                    roles: [admin]
                  - clientId: helpdesk
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                    roles: [support]
                  - clientId: plain
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                """.formatted(ADMIN_SECRET, SUPPORT_SECRET, PLAIN_SECRET));
        return dir;
    }
}
