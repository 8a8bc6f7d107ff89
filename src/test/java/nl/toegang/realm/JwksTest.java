package nl.toegang.realm;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class JwksTest {
    static ECKey key;

    @TempDir
    Path dir;

    @BeforeAll
    static void generateKey() throws Exception {
        key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    }

    private static String realmWithJwks(String jwksLines) {
        return """
                name: portal
                displayName: Portaal
                clients:
                  - clientId: service
                    type: confidential
                    grantTypes: [client_credentials]
                """ + jwksLines.indent(4);
    }

    @Test
    void whenJwksIsAYamlMappingThenItIsStoredAsPublicJwkSetJson() throws Exception {
        ECKey pub = key.toPublicJWK();
        ClientDefinition client = RealmFiles.development(dir).parse(realmWithJwks("""
                jwks:
                  keys:
                    - kty: EC
                      crv: P-256
                      kid: k1
                      x: "%s"
                      y: "%s"
                """.formatted(pub.getX(), pub.getY()))).clients().get(0);

        assertThat(client.authenticationMethods()).containsExactly("private_key_jwt");
        JWKSet stored = JWKSet.parse(client.jwks().orElseThrow());
        assertThat(stored.getKeyByKeyId("k1").toECKey().toPublicJWK()).isEqualTo(pub);
    }

    @Test
    void whenJwksIsAJsonStringThenItIsAccepted() throws Exception {
        String json = new JWKSet(key.toPublicJWK()).toString(true);
        ClientDefinition client = RealmFiles.development(dir).parse(realmWithJwks("jwks: '" + json + "'"))
                .clients().get(0);

        assertThat(JWKSet.parse(client.jwks().orElseThrow()).getKeys()).containsExactly(key.toPublicJWK());
    }

    @Test
    void whenJwksContainsAPrivateKeyThenItIsRefused() {
        String json = new JWKSet(key).toString(false);
        RealmFileException e = RealmFiles.development(dir).failure(realmWithJwks("jwks: '" + json + "'"));

        assertThat(e.line()).isEqualTo(7);
        assertThat(e.problem()).contains("jwks of client 'service' contains a private or symmetric key (kid 'k1')");
        assertThat(e.getMessage()).doesNotContain(key.getD().toString());
    }

    @Test
    void whenJwksContainsASymmetricKeyThenItIsRefused() throws Exception {
        String json = new JWKSet(new OctetSequenceKeyGenerator(256).generate()).toString(false);
        RealmFileException e = RealmFiles.development(dir).failure(realmWithJwks("jwks: '" + json + "'"));

        assertThat(e.problem()).contains("contains a private or symmetric key");
    }

    @Test
    void whenJwksIsNotAJwkSetThenErrorSaysSo() {
        RealmFileException e = RealmFiles.development(dir).failure(realmWithJwks("""
                jwks:
                  keys:
                    - kty: EC
                """));

        assertThat(e.line()).isEqualTo(8);
        assertThat(e.problem()).startsWith("jwks of client 'service' is not a valid JWK set: ");
    }

    @Test
    void whenJwksHasNoKeysThenErrorSaysSo() {
        RealmFileException e = RealmFiles.development(dir).failure(realmWithJwks("jwks: {keys: []}"));

        assertThat(e.line()).isEqualTo(7);
        assertThat(e.problem()).isEqualTo("jwks of client 'service' contains no keys");
    }

    @Test
    void whenBothJwksAndJwksUriThenErrorAsksToKeepOne() {
        String json = new JWKSet(key.toPublicJWK()).toString(true);
        RealmFileException e = RealmFiles.development(dir).failure(realmWithJwks("""
                jwksUri: https://service.example.org/jwks
                jwks: '%s'
                """.formatted(json)));

        assertThat(e.line()).isEqualTo(7);
        assertThat(e.problem()).contains("declares both jwks and jwksUri");
    }

    @Test
    void whenPublicClientHasJwksUriThenErrorExplains() {
        RealmFileException e = RealmFiles.development(dir).failure("""
                name: portal
                displayName: Portaal
                clients:
                  - clientId: spa
                    type: public
                    redirectUris: [https://spa.example.org/]
                    jwksUri: https://spa.example.org/jwks
                """);

        assertThat(e.line()).isEqualTo(7);
        assertThat(e.problem()).contains("client 'spa' is public and cannot use 'jwksUri'");
    }
}
