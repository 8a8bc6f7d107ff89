package nl.toegang.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The realm the DigiD tests log in to: realm {@code portal} with the built-in mock DigiD and three confidential
 * clients sharing one redirect URI. {@code rp} may ask for the {@code bsn} scope but is not eligible; {@code rp2} has
 * its own sector; {@code tax} is marked eligible, has its own sector, and registers the test's RSA encryption key.
 */
public record DigidTestRealm(Path realmsDir, String redirect, RSAKey encryptionKey) {
    public static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    public static final String SUBSTANTIAL = "http://eidas.europa.eu/LoA/substantial";
    /** A fictitious test BSN that passes the 11-proef (one the mock offers). */
    public static final String BSN = "999991772";

    /** Writes {@code portal.yaml} under {@code realmsDir} with a new encryption key pair for {@code tax}. */
    public static DigidTestRealm write(Path realmsDir, String redirect) throws IOException, JOSEException {
        RSAKey key = new RSAKeyGenerator(2048).keyID("enc-1").keyUse(KeyUse.ENCRYPTION).generate();
        Files.createDirectories(realmsDir);
        Files.writeString(realmsDir.resolve("portal.yaml"), """
                name: portal
                displayName: Test Portaal
                clients:
                  - clientId: rp
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s]
                    scopes: [openid, profile, bsn]
                  - clientId: rp2
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s]
                    sectorIdentifier: rp2.example
                    scopes: [openid, profile]
                  - clientId: tax
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s]
                    sectorIdentifier: tax.example
                    scopes: [openid, bsn]
                    bsn:
                      eligible: true
                      jwks: '%3$s'
                digid:
                  mock: true
                """.formatted(SECRET, redirect, new JWKSet(key.toPublicJWK()).toString()));
        return new DigidTestRealm(realmsDir, redirect, key);
    }

    /** The relying party {@code clientId} of this realm on {@code server}. */
    public OidcTestClient client(TestServer server, String clientId) {
        return new OidcTestClient(server.issuer("portal"), clientId, SECRET, redirect);
    }
}
