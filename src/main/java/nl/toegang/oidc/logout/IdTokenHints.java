package nl.toegang.oidc.logout;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import nl.toegang.config.PublicUrl;
import nl.toegang.oidc.RealmClientRepository;
import nl.toegang.oidc.SubjectIdentifiers;
import nl.toegang.oidc.keys.PublishedKeySource;
import nl.toegang.oidc.keys.RealmKeyService;
import nl.toegang.session.SessionIds;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies an {@code id_token_hint} of RP-Initiated Logout (OIDC RP-Initiated Logout 1.0 §2) by what it says, not by
 * looking it up: every ID token the realm issued to the client for the browser's session counts, the first one as
 * well as one from the latest refresh, and an expired one too (§2: "the OP SHOULD accept ... even when expired").
 * The steps, each refusing with the requirement that failed:
 * <ol>
 *   <li>a JWS signed by one of the realm's published keys (active, next, or retired and still published after a
 *       rotation), RS256, PS256 or ES256; no other {@code typ} than {@code JWT};</li>
 *   <li>{@code iss} is this realm's issuer;</li>
 *   <li>an ID token, not another token the realm signs (an access token carries {@code scope}, a logout token
 *       {@code events});</li>
 *   <li>{@code aud} names the client: the {@code client_id} of the request when given, otherwise its only entry; a
 *       client of this realm;</li>
 *   <li>when the browser is signed in to the realm: {@code sub} is the subject this client sees for that person and
 *       {@code sid} names this browser's session.</li>
 * </ol>
 * Expiry is not checked: a hint only ever ends the session it names, and only in the browser holding it.
 */
@Component
public class IdTokenHints {
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256,
            JWSAlgorithm.ES256);

    private final RealmKeyService keys;
    private final PublicUrl publicUrl;
    private final RealmClientRepository clients;
    private final SubjectIdentifiers subjects;
    private final Map<String, NimbusJwtDecoder> decoders = new ConcurrentHashMap<>();

    public IdTokenHints(RealmKeyService keys, PublicUrl publicUrl, RealmClientRepository clients,
                        SubjectIdentifiers subjects) {
        this.keys = keys;
        this.publicUrl = publicUrl;
        this.clients = clients;
        this.subjects = subjects;
    }

    /** The outcome of verifying a hint. */
    public sealed interface Outcome permits Verified, Rejected {
    }

    /** The hint is an ID token of {@code client}, for this browser's session when there is one. */
    public record Verified(OidcIdToken idToken, RegisteredClient client) implements Outcome {
    }

    /** The hint does not count; {@code reason} names the step (never the token). */
    public record Rejected(String reason) implements Outcome {
    }

    /**
     * @param clientId  the request's {@code client_id}, or null
     * @param signedIn  who is signed in to the realm in this browser, if anyone
     * @param sessionId this browser's session id in the realm, or null
     */
    public Outcome verify(String realm, String hint, String clientId, Optional<Authentication> signedIn,
                          String sessionId) {
        Jwt jwt;
        try {
            jwt = decoders.computeIfAbsent(realm, this::decoderFor).decode(hint);
        } catch (JwtException | IllegalArgumentException notOurs) {
            return new Rejected("not a JWS signed by a published key of the realm");
        }
        if (!publicUrl.issuer(realm).equals(jwt.getClaimAsString("iss"))) {
            return new Rejected("iss is not the realm's issuer");
        }
        if (jwt.hasClaim("scope") || jwt.hasClaim("events")) {
            return new Rejected("not an ID token");
        }
        List<String> audience = jwt.getAudience() == null ? List.of() : jwt.getAudience();
        String client = clientId != null && !clientId.isEmpty() ? clientId
                : audience.size() == 1 ? audience.get(0) : null;
        if (client == null || !audience.contains(client)) {
            return new Rejected("aud does not name the client");
        }
        Optional<RegisteredClient> registered = clients.find(realm, client);
        if (registered.isEmpty()) {
            return new Rejected("aud names no client of the realm");
        }
        if (signedIn.isPresent()) {
            if (!subjects.subjectFor(realm, client, signedIn.get()).equals(jwt.getSubject())) {
                return new Rejected("sub is not the signed-in person");
            }
            if (sessionId == null || !SessionIds.sid(sessionId).equals(jwt.getClaimAsString("sid"))) {
                return new Rejected("sid does not name this browser's session");
            }
        }
        return new Verified(new OidcIdToken(jwt.getTokenValue(), jwt.getIssuedAt(), jwt.getExpiresAt(),
                jwt.getClaims()), registered.get());
    }

    private NimbusJwtDecoder decoderFor(String realm) {
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSTypeVerifier((type, context) -> {
            if (type != null && !JOSEObjectType.JWT.equals(type)) {
                throw new BadJOSEException("typ " + type + " is not an ID token's");
            }
        });
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new PublishedKeySource(keys, realm)));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        }); // the claims are the steps of verify(), expiry deliberately not among them
        var decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
        return decoder;
    }
}
