package nl.toegang.federation.upstream;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What Toegang uses of a provider's discovery document (OpenID Connect Discovery 1.0 §3, RFC 8414, RFC 9207). Built
 * only by {@link #parse}, which refuses a document Toegang could not use safely, so a {@code ProviderMetadata} is
 * always complete and checked.
 *
 * @param idTokenAlgorithms the provider's ID token algorithms that Toegang accepts: its advertised ones within
 *                          {@link #ALGORITHMS}
 * @param issParameter      the provider promises {@code iss} in every authorization response (RFC 9207 §3)
 * @param assertionAlgorithm for {@code private_key_jwt}: the algorithm our client assertions use, RS256 unless the
 *                          provider accepts only PS256; empty otherwise
 */
record ProviderMetadata(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri,
                        Optional<String> userinfoEndpoint, Optional<String> endSessionEndpoint,
                        List<String> idTokenAlgorithms, boolean issParameter, Optional<String> assertionAlgorithm) {

    /**
     * Asymmetric signatures only: never {@code none}, never an HMAC (whose key would be our client secret, or, in the
     * classic attack, the provider's public key).
     */
    static final List<String> ALGORITHMS = List.of("RS256", "PS256", "ES256");

    ProviderMetadata {
        idTokenAlgorithms = List.copyOf(idTokenAlgorithms);
    }

    /**
     * @param expectedIssuer the issuer from the realm file; the document must name exactly it (Discovery §4.3)
     * @param endpoints      why an endpoint may not be used (plain http in production), or empty
     * @param needsUserinfo  the realm file asks for userinfo, so the document must name the endpoint
     * @param authentication our token endpoint authentication method, which the provider must offer
     */
    static ProviderMetadata parse(String json, String expectedIssuer, Function<String, Optional<String>> endpoints,
                                  boolean needsUserinfo, String authentication) throws UpstreamRefused {
        Map<String, Object> document;
        try {
            document = JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new UpstreamRefused("discovery document is not a JSON object");
        }
        String issuer = string(document, "issuer").orElseThrow(() -> missing("issuer"));
        if (!issuer.equals(expectedIssuer)) {
            throw new UpstreamRefused("discovery names issuer '" + issuer + "', the realm file '" + expectedIssuer
                    + "' (they must be equal, OpenID Connect Discovery §4.3)");
        }
        String authorization = endpoint(document, "authorization_endpoint", endpoints).orElseThrow(
                () -> missing("authorization_endpoint"));
        String token = endpoint(document, "token_endpoint", endpoints).orElseThrow(() -> missing("token_endpoint"));
        String jwks = endpoint(document, "jwks_uri", endpoints).orElseThrow(() -> missing("jwks_uri"));
        Optional<String> userinfo = endpoint(document, "userinfo_endpoint", endpoints);
        if (needsUserinfo && userinfo.isEmpty()) {
            throw new UpstreamRefused("the realm file asks for userinfo, but discovery names no userinfo_endpoint");
        }
        Optional<String> endSession = endpoint(document, "end_session_endpoint", endpoints);

        if (!strings(document, "response_types_supported").orElse(List.of()).contains("code")) {
            throw new UpstreamRefused("discovery does not list response type 'code' in response_types_supported");
        }
        List<String> advertised = strings(document, "id_token_signing_alg_values_supported")
                .orElseThrow(() -> missing("id_token_signing_alg_values_supported"));
        List<String> algorithms = new ArrayList<>(ALGORITHMS);
        algorithms.retainAll(advertised);
        if (algorithms.isEmpty()) {
            throw new UpstreamRefused("the provider signs ID tokens with " + advertised + ", none of which Toegang"
                    + " accepts (" + String.join(", ", ALGORITHMS) + ")");
        }
        // RFC 8414 §2: without the list, client_secret_basic is what the token endpoint offers.
        List<String> methods = strings(document, "token_endpoint_auth_methods_supported")
                .orElse(List.of("client_secret_basic"));
        if (!methods.contains(authentication)) {
            throw new UpstreamRefused("the token endpoint does not offer " + authentication + " (it offers "
                    + methods + ")");
        }
        Optional<String> assertionAlgorithm = Optional.empty();
        if (authentication.equals("private_key_jwt")) {
            List<String> accepted = strings(document, "token_endpoint_auth_signing_alg_values_supported")
                    .orElse(List.of("RS256"));
            assertionAlgorithm = Optional.of(accepted.contains("RS256") ? "RS256" : "PS256");
            if (!accepted.contains(assertionAlgorithm.get())) {
                throw new UpstreamRefused("the token endpoint accepts client assertions signed with " + accepted
                        + ", not RS256 or PS256");
            }
        }
        Optional<List<String>> pkce = strings(document, "code_challenge_methods_supported");
        if (pkce.isPresent() && !pkce.get().contains("S256")) {
            throw new UpstreamRefused("the provider does not offer PKCE with S256 (it offers " + pkce.get() + ")");
        }
        boolean iss = Boolean.TRUE.equals(document.get("authorization_response_iss_parameter_supported"));
        return new ProviderMetadata(issuer, authorization, token, jwks, userinfo, endSession, algorithms, iss,
                assertionAlgorithm);
    }

    private static UpstreamRefused missing(String field) {
        return new UpstreamRefused("discovery document has no " + field);
    }

    private static Optional<String> endpoint(Map<String, Object> document, String field,
                                             Function<String, Optional<String>> endpoints) throws UpstreamRefused {
        Optional<String> value = string(document, field);
        if (value.isPresent()) {
            Optional<String> problem = endpoints.apply(value.get());
            if (problem.isPresent()) {
                throw new UpstreamRefused("discovery " + field + " refused: " + problem.get());
            }
        }
        return value;
    }

    private static Optional<String> string(Map<String, Object> document, String field) throws UpstreamRefused {
        Object value = document.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw new UpstreamRefused("discovery field " + field + " is not a text");
        }
        return Optional.of(text);
    }

    private static Optional<List<String>> strings(Map<String, Object> document, String field) throws UpstreamRefused {
        Object value = document.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new UpstreamRefused("discovery field " + field + " is not a list of texts");
        }
        return Optional.of(list.stream().map(String.class::cast).toList());
    }
}
