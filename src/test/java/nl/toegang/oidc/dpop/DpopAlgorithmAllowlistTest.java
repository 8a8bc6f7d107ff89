package nl.toegang.oidc.dpop;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DPoP algorithm allowlist itself ({@link DpopProofVerifier#ALGORITHMS}: ES256, ES384, PS256, RS256): every
 * refused proof here carries a valid public {@code jwk} of the matching key type and is correctly signed with it, so
 * the only thing wrong with it is its {@code alg}. Proofs go to the token endpoint (client credentials grant).
 */
class DpopAlgorithmAllowlistTest {
    private static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(dir.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Portaal
                clients:
                  - clientId: rp
                    type: confidential
                    secret: %s
                    redirectUris: [https://rp.example.test/callback]
                    grantTypes: [client_credentials]
                    scopes: [openid]
                """.formatted(SECRET));
        server = TestServer.embedded(dir.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void whenProofUsesAnAllowedAlgorithmThenTheTokenIsBound() throws Exception {
        var es256 = new ECKeyGenerator(Curve.P_256).generate();
        var ps256 = new RSAKeyGenerator(2048).generate();

        assertBound(tokenRequest(signed(JWSAlgorithm.ES256, es256.toPublicJWK(), new ECDSASigner(es256))));
        assertBound(tokenRequest(signed(JWSAlgorithm.PS256, ps256.toPublicJWK(), new RSASSASigner(ps256))));
    }

    @Test
    void whenProofIsEs512WithItsP521KeyThenRefused() throws Exception {
        var p521 = new ECKeyGenerator(Curve.P_521).generate();

        assertRefusedForItsAlgorithm(tokenRequest(signed(JWSAlgorithm.ES512, p521.toPublicJWK(),
                new ECDSASigner(p521))));
    }

    @Test
    void whenProofIsRs512OrPs384WithA2048BitKeyThenRefused() throws Exception {
        var rsa = new RSAKeyGenerator(2048).generate();

        assertRefusedForItsAlgorithm(tokenRequest(signed(JWSAlgorithm.RS512, rsa.toPublicJWK(),
                new RSASSASigner(rsa))));
        assertRefusedForItsAlgorithm(tokenRequest(signed(JWSAlgorithm.PS384, rsa.toPublicJWK(),
                new RSASSASigner(rsa))));
    }

    @Test
    void whenProofIsHs256WithAnOctJwkThenRefused() throws Exception {
        // A symmetric key in the header is a shared secret anyone holding the proof can read: no proof of possession.
        // Nimbus will not put a secret key in a header, so the JWS is built by hand; Nimbus also refuses to parse it
        // on the server (a non-public jwk), so this is refused before the allowlist is reached.
        OctetSequenceKey oct = new OctetSequenceKeyGenerator(256).generate();
        String signingInput = signingInput("HS256", oct.toJSONString());
        var mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(oct.toSecretKey());

        assertRefused(tokenRequest(signingInput + "." + Base64URL.encode(
                mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)))));
    }

    @Test
    void whenProofIsEdDsaWithAnEd25519JwkThenRefused() throws Exception {
        // Nimbus signs EdDSA only with Tink, so the JWS is built by hand with the JDK's Ed25519.
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        var jwk = new OctetKeyPair.Builder(Curve.Ed25519,
                Base64URL.encode(rawEd25519((EdECPublicKey) pair.getPublic()))).build();
        String signingInput = signingInput("EdDSA", jwk.toJSONString());
        var signature = Signature.getInstance("Ed25519");
        signature.initSign(pair.getPrivate());
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));

        assertRefusedForItsAlgorithm(tokenRequest(signingInput + "." + Base64URL.encode(signature.sign())));
    }

    @Test
    void whenProofIsUnsignedWithAnEcJwkThenRefused() throws Exception {
        var ec = new ECKeyGenerator(Curve.P_256).generate();

        assertRefused(tokenRequest(signingInput("none", ec.toPublicJWK().toJSONString()) + "."));
    }

    // ---------------------------------------------------------------- helpers

    private static JWTClaimsSet claims() {
        return new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", "POST")
                .claim("htu", server.issuer("portal") + "/oauth2/token").issueTime(new Date()).build();
    }

    /** The first two parts of a compact JWS with this alg and jwk, written by hand. */
    private static String signingInput(String alg, String jwkJson) {
        String header = "{\"alg\":\"" + alg + "\",\"typ\":\"dpop+jwt\",\"jwk\":" + jwkJson + "}";
        return Base64URL.encode(header.getBytes(StandardCharsets.UTF_8)) + "."
                + Base64URL.encode(claims().toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String signed(JWSAlgorithm alg, JWK publicJwk, JWSSigner signer) throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(alg).type(new JOSEObjectType("dpop+jwt")).jwk(publicJwk).build(),
                claims());
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** RFC 8037: the public key is the little-endian y coordinate with x's parity in the top bit of the last byte. */
    private static byte[] rawEd25519(EdECPublicKey key) {
        byte[] bigEndian = key.getPoint().getY().toByteArray();
        byte[] raw = new byte[32];
        for (int i = 0; i < Math.min(32, bigEndian.length); i++) {
            raw[i] = bigEndian[bigEndian.length - 1 - i];
        }
        if (key.getPoint().isXOdd()) {
            raw[31] |= (byte) 0x80;
        }
        return raw;
    }

    private static HttpResponse<String> tokenRequest(String proof) {
        var request = HttpRequest.newBuilder(URI.create(server.issuer("portal") + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", OidcTestClient.basic("rp", SECRET))
                .header("DPoP", proof)
                .POST(HttpRequest.BodyPublishers.ofString(Browser.formBody(Map.of("grant_type", "client_credentials",
                        "scope", "openid"))))
                .build();
        return new Browser().send(request);
    }

    private static void assertBound(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(OidcTestClient.json(response.body()).get("token_type").asString()).isEqualTo("DPoP");
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(error(response)).isEqualTo("invalid_dpop_proof");
        assertThat(response.body()).doesNotContain("access_token");
    }

    /** Refused, and for the reason under test: the allowlist, not a later check of key or signature. */
    private static void assertRefusedForItsAlgorithm(HttpResponse<String> response) {
        assertRefused(response);
        assertThat(OidcTestClient.json(response.body()).get("error_description").asString())
                .startsWith("alg must be one of");
    }

    private static String error(HttpResponse<String> response) {
        return OidcTestClient.json(response.body()).get("error").asString();
    }
}
