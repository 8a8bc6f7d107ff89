package nl.toegang.oidc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Realm files for protocol tests, written into a temporary realms directory. */
final class TestRealms {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String REDIRECT = "https://rp.example.test/callback";

    private TestRealms() {
    }

    /** Two realms with the same client id, so cross-realm confusion is actually possible to try. */
    static Path write(Path dir, String privateKeyJwtJwks) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("portal.yaml"), """
                name: portal
                displayName: Test Portaal
                clients:
                  - clientId: rp
                    type: confidential
                    secret: %s
                    redirectUris: [%s]
                    postLogoutRedirectUris: [https://rp.example.test/bye]
                    grantTypes: [authorization_code, refresh_token, client_credentials]
                    scopes: [openid, profile, email]
                  - clientId: spa
                    type: public
                    redirectUris: [%s]
                    grantTypes: [authorization_code, refresh_token]
                    scopes: [openid, profile, email]
                  - clientId: jwt-client
                    type: confidential
                    authenticationMethods: [private_key_jwt]
                    jwks: '%s'
                    grantTypes: [client_credentials]
                    scopes: [api]
                users:
                  - email: alice@example.org
                    password: %s
                    name: Alice Example
                    emailVerified: true
                  - email: unverified@example.org
                    password: %s
                    name: Una Verified
                    emailVerified: false
                """.formatted(SECRET, REDIRECT, REDIRECT, privateKeyJwtJwks, PASSWORD, PASSWORD));
        Files.writeString(dir.resolve("other.yaml"), """
                name: other
                displayName: Other Realm
                settings:
                  signingAlgorithm: ES256
                  authorizationCodeLifetime: 2s
                clients:
                  - clientId: rp
                    type: confidential
                    secret: %s
                    redirectUris: [%s]
                    grantTypes: [authorization_code, refresh_token, client_credentials]
                    scopes: [openid, profile, email]
                users:
                  - email: alice@example.org
                    password: %s
                    name: Alice in Other
                    emailVerified: true
                """.formatted(SECRET, REDIRECT, PASSWORD));
        return dir;
    }
}
