package nl.toegang.oidc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Realm files for the PAR, DPoP, fapi2 and pairwise-subject tests. */
final class ModernOAuthRealms {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String REDIRECT = "https://rp.example.test/callback";

    private ModernOAuthRealms() {
    }

    static Path write(Path dir, String fapiJwks) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("portal.yaml"), """
                name: portal
                displayName: Portaal
                clients:
                  - clientId: rp
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s]
                    grantTypes: [authorization_code, refresh_token, client_credentials]
                    scopes: [openid, profile, email]
                  - clientId: par-rp
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s]
                    requirePushedAuthorizationRequests: true
                    scopes: [openid, profile, email]
                  - clientId: spa
                    type: public
                    redirectUris: [%2$s]
                    scopes: [openid, profile, email]
                  - clientId: dpop-rp
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s]
                    grantTypes: [authorization_code, refresh_token, client_credentials]
                    dpop: required
                    scopes: [openid, profile, email]
                  - clientId: fapi
                    type: confidential
                    profile: fapi2
                    jwks: '%3$s'
                    redirectUris: [%2$s]
                    scopes: [openid, profile, email]
                users:
                  - email: alice@example.org
                    password: %4$s
                    name: Alice Example
                    emailVerified: true
                """.formatted(SECRET, REDIRECT, fapiJwks, PASSWORD));
        Files.writeString(dir.resolve("other.yaml"), """
                name: other
                displayName: Other
                clients:
                  - clientId: rp
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s]
                    scopes: [openid, profile, email]
                """.formatted(SECRET, REDIRECT));
        Files.writeString(dir.resolve("gov.yaml"), """
                name: gov
                displayName: Overheid
                profile: nlgov
                clients:
                  - clientId: a
                    type: confidential
                    secret: %1$s
                    redirectUris: [https://a.example.test/cb]
                    scopes: [openid, profile, email]
                  - clientId: b
                    type: confidential
                    secret: %1$s
                    redirectUris: [https://b1.example.test/cb, https://b2.example.test/cb]
                    sectorIdentifier: shared.example.test
                    scopes: [openid, profile, email]
                  - clientId: c
                    type: confidential
                    secret: %1$s
                    redirectUris: [https://c.example.test/cb]
                    sectorIdentifier: shared.example.test
                    scopes: [openid, profile, email]
                users:
                  - email: alice@example.org
                    password: %2$s
                    name: Alice Gov
                    emailVerified: true
                """.formatted(SECRET, PASSWORD));
        return dir;
    }
}
