package nl.toegang.oidc;

import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.Test;

import java.text.ParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which key management algorithm the encrypted ID token uses, decided by the client's registered key. */
class IdTokenEncryptionTest {

    @Test
    void aKeyWithoutAlgGetsRsaOaepAndAKeyThatAsksForOaep256GetsIt() throws Exception {
        assertThat(IdTokenEncryption.keyManagement(key(null))).isEqualTo(JWEAlgorithm.RSA_OAEP);
        assertThat(IdTokenEncryption.keyManagement(key(JWEAlgorithm.RSA_OAEP))).isEqualTo(JWEAlgorithm.RSA_OAEP);
        assertThat(IdTokenEncryption.keyManagement(key(JWEAlgorithm.RSA_OAEP_256)))
                .isEqualTo(JWEAlgorithm.RSA_OAEP_256);
    }

    @Test
    void aKeyThatAsksForRsa15IsRefusedRatherThanUsedWithAPaddingOracleAlgorithm() throws Exception {
        RSAKey legacy = key(JWEAlgorithm.RSA1_5);
        assertThatThrownBy(() -> IdTokenEncryption.keyManagement(legacy)).isInstanceOf(ParseException.class)
                .hasMessageContaining("RSA1_5");
    }

    private static RSAKey key(JWEAlgorithm alg) throws Exception {
        var generator = new RSAKeyGenerator(2048).keyUse(KeyUse.ENCRYPTION).keyID("enc");
        if (alg != null) {
            generator.algorithm(alg);
        }
        return generator.generate();
    }
}
