package nl.toegang.federation.upstream;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discovery documents Toegang refuses to use, each with the reason an operator reads in the log. */
class ProviderMetadataTest {
    private static final String ISSUER = "https://op.example";

    private static String document(Consumer<Map<String, Object>> change) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", ISSUER);
        document.put("authorization_endpoint", ISSUER + "/authorize");
        document.put("token_endpoint", ISSUER + "/token");
        document.put("jwks_uri", ISSUER + "/jwks");
        document.put("response_types_supported", List.of("code"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256", "HS256"));
        change.accept(document);
        return JSONObjectUtils.toJSONString(document);
    }

    private static ProviderMetadata parse(String json, String method) throws UpstreamRefused {
        return ProviderMetadata.parse(json, ISSUER, new BackChannel(true)::problem, false, method);
    }

    @Test
    void aMinimalDocumentGivesTheAcceptedAlgorithmsOnly() throws Exception {
        ProviderMetadata metadata = parse(document(d -> { }), "client_secret_basic");
        assertThat(metadata.idTokenAlgorithms()).containsExactly("RS256");
        assertThat(metadata.issParameter()).isFalse();
        assertThat(metadata.assertionAlgorithm()).isEmpty();
    }

    @Test
    void refusals() {
        assertRefused(document(d -> d.put("issuer", ISSUER + "/")), "client_secret_basic", "must be equal");
        assertRefused(document(d -> d.remove("token_endpoint")), "client_secret_basic", "no token_endpoint");
        assertRefused(document(d -> d.put("token_endpoint", "http://op.example/token")), "client_secret_basic",
                "plain http");
        assertRefused(document(d -> d.put("id_token_signing_alg_values_supported", List.of("HS256", "none"))),
                "client_secret_basic", "none of which Toegang accepts");
        assertRefused(document(d -> d.put("response_types_supported", List.of("id_token"))), "client_secret_basic",
                "response type 'code'");
        assertRefused(document(d -> d.put("code_challenge_methods_supported", List.of("plain"))),
                "client_secret_basic", "PKCE with S256");
        assertRefused(document(d -> { }), "private_key_jwt", "does not offer private_key_jwt");
        assertRefused(document(d -> {
            d.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
            d.put("token_endpoint_auth_signing_alg_values_supported", List.of("ES256"));
        }), "private_key_jwt", "not RS256 or PS256");
        assertRefused("<html>", "client_secret_basic", "not a JSON object");
        assertRefused(document(d -> d.put("jwks_uri", 42)), "client_secret_basic", "jwks_uri is not a text");
    }

    @Test
    void privateKeyJwtUsesRs256UnlessOnlyPs256IsAccepted() throws Exception {
        assertThat(parse(document(d -> d.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"))),
                "private_key_jwt").assertionAlgorithm()).contains("RS256");
        assertThat(parse(document(d -> {
            d.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
            d.put("token_endpoint_auth_signing_alg_values_supported", List.of("PS256"));
        }), "private_key_jwt").assertionAlgorithm()).contains("PS256");
    }

    private static void assertRefused(String json, String method, String reason) {
        assertThatThrownBy(() -> parse(json, method)).isInstanceOf(UpstreamRefused.class).hasMessageContaining(reason);
    }
}
