package nl.toegang.oidc;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.realm.BsnRelease;
import nl.toegang.realm.ClientDefinition;
import nl.toegang.realm.RealmRegistry;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * Token endpoint response for clients eligible for the BSN with {@code encryptIdToken} on (the default): the signed
 * ID token is wrapped in a JWE (RSA-OAEP, or RSA-OAEP-256 when the key says so; A256GCM; cty JWT) to the client's registered RSA key, so the BSN never
 * travels or rests at the client side in readable form outside the client's own key. Other clients get the
 * standard response unchanged.
 */
public class IdTokenEncryption implements AuthenticationSuccessHandler {
    private final RealmRegistry realms;
    private final AuthenticationSuccessHandler delegate = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();

    public IdTokenEncryption(RealmRegistry realms) {
        this.realms = realms;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException, ServletException {
        if (authentication instanceof OAuth2AccessTokenAuthenticationToken token
                && token.getAdditionalParameters().get(OidcParameterNames.ID_TOKEN) instanceof String idToken) {
            var client = realms.require(RealmAuthorizationServerContext.requireRealm())
                    .client(token.getRegisteredClient().getClientId());
            // The BSN's block, or else the eIDAS PersonIdentifier's: either identifier travels only encrypted.
            var release = client.flatMap(ClientDefinition::idTokenEncryption);
            if (release.isPresent()) {
                Map<String, Object> parameters = new HashMap<>(token.getAdditionalParameters());
                parameters.put(OidcParameterNames.ID_TOKEN, encrypt(idToken, release.get()));
                authentication = new OAuth2AccessTokenAuthenticationToken(token.getRegisteredClient(),
                        (Authentication) token.getPrincipal(), token.getAccessToken(), token.getRefreshToken(),
                        parameters);
            }
        }
        delegate.onAuthenticationSuccess(request, response, authentication);
    }

    static String encrypt(String signedJwt, BsnRelease release) {
        try {
            RSAKey key = encryptionKey(release);
            JWEObject jwe = new JWEObject(new JWEHeader.Builder(keyManagement(key), EncryptionMethod.A256GCM)
                    .contentType("JWT").keyID(key.getKeyID()).build(), new Payload(signedJwt));
            jwe.encrypt(new RSAEncrypter(key));
            return jwe.serialize();
        } catch (JOSEException | IOException | ParseException e) {
            // Fail closed: without the client's key the ID token is not sent at all.
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR,
                    "the client's ID token encryption key is unavailable", null), e);
        }
    }

    /**
     * RSA-OAEP (the algorithm the NL GOV profile and most portal libraries expect) unless the client's key asks for
     * RSA-OAEP-256 with its {@code alg}. Any other {@code alg} on the key (RSA1_5 above all) is refused.
     */
    static JWEAlgorithm keyManagement(RSAKey key) throws ParseException {
        if (key.getAlgorithm() == null || JWEAlgorithm.RSA_OAEP.equals(key.getAlgorithm())) {
            return JWEAlgorithm.RSA_OAEP;
        }
        if (JWEAlgorithm.RSA_OAEP_256.equals(key.getAlgorithm())) {
            return JWEAlgorithm.RSA_OAEP_256;
        }
        throw new ParseException("the client's encryption key has alg " + key.getAlgorithm().getName()
                + "; only RSA-OAEP and RSA-OAEP-256 are used", 0);
    }

    private static RSAKey encryptionKey(BsnRelease release) throws IOException, ParseException {
        JWKSet set = release.jwks().isPresent() ? JWKSet.parse(release.jwks().get())
                : JWKSet.load(URI.create(release.jwksUri().orElseThrow()).toURL(), 5000, 5000, 64 * 1024);
        for (JWK jwk : set.getKeys()) {
            if (jwk instanceof RSAKey rsa && (jwk.getKeyUse() == null || KeyUse.ENCRYPTION.equals(jwk.getKeyUse()))) {
                return rsa;
            }
        }
        throw new ParseException("no RSA encryption key in the client's JWK set", 0);
    }
}
