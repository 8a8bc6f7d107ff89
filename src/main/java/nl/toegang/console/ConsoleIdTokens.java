package nl.toegang.console;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import nl.toegang.config.PublicUrl;
import nl.toegang.oidc.AccountConsoleClient;
import nl.toegang.oidc.keys.RealmKeyService;
import nl.toegang.realm.RealmRegistry;
import org.springframework.stereotype.Component;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Validates the ID token the console got from its realm's token endpoint, as OpenID Connect Core 1.0 §3.1.3.7 lists
 * the steps for a client; each check names the step that failed. Only a token that passes all of them becomes a
 * {@link ConsoleLogin}.
 */
@Component
public class ConsoleIdTokens {
    /** Clock difference tolerated for {@code exp} and {@code iat}. */
    static final Duration SKEW = Duration.ofSeconds(60);

    private final RealmKeyService keys;
    private final RealmRegistry realms;
    private final PublicUrl publicUrl;
    /**
     * Token times are stamped with the system clock (oidc.TokenClaimsCustomizer, Spring Authorization Server), so
     * {@code exp} and {@code iat} are checked against the same clock, not the injectable one.
     */
    private final Clock tokenClock = Clock.systemUTC();

    public ConsoleIdTokens(RealmKeyService keys, RealmRegistry realms, PublicUrl publicUrl) {
        this.keys = keys;
        this.realms = realms;
        this.publicUrl = publicUrl;
    }

    /** The outcome of a validation. */
    public sealed interface Result permits Valid, Invalid {
    }

    public record Valid(ConsoleLogin login) implements Result {
    }

    /** {@code reason} names the failed step; it never contains the token. */
    public record Invalid(String reason) implements Result {
    }

    public Result validate(String realm, String idToken, String expectedNonce) {
        var definition = realms.find(realm);
        if (definition.isEmpty()) {
            return new Invalid("unknown realm");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(idToken);
        } catch (ParseException e) {
            return new Invalid("not a signed JWT");
        }
        // §3.1.3.7 step 6/7: signed with the realm's algorithm by one of the realm's published keys.
        JWSAlgorithm algorithm = JWSAlgorithm.parse(definition.get().settings().signingAlgorithm());
        if (!algorithm.equals(jwt.getHeader().getAlgorithm())) {
            return new Invalid("step 7: alg " + jwt.getHeader().getAlgorithm() + " is not the realm's " + algorithm);
        }
        JWTClaimsSet claims;
        try {
            var processor = new DefaultJWTProcessor<SecurityContext>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm,
                    new ImmutableJWKSet<>(keys.publishedKeys(realm))));
            processor.setJWTClaimsSetVerifier((c, context) -> {
            }); // the claims are checked below, one step at a time
            claims = processor.process(jwt, null);
        } catch (BadJOSEException | JOSEException e) {
            return new Invalid("step 6: signature not made by a key of realm " + realm);
        }
        // Step 2: the issuer is this realm's.
        if (!publicUrl.issuer(realm).equals(claims.getIssuer())) {
            return new Invalid("step 2: iss is not the issuer of realm " + realm);
        }
        // Steps 3-5: meant for the console; with several audiences, azp must name it.
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(AccountConsoleClient.CLIENT_ID)) {
            return new Invalid("step 3: aud does not contain " + AccountConsoleClient.CLIENT_ID);
        }
        Object azp = claims.getClaim("azp");
        if ((audience.size() > 1 || azp != null) && !AccountConsoleClient.CLIENT_ID.equals(azp)) {
            return new Invalid("step 4/5: azp is not " + AccountConsoleClient.CLIENT_ID);
        }
        // Steps 9-10: not expired, not issued in the future.
        Instant now = tokenClock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || !exp.toInstant().plus(SKEW).isAfter(now)) {
            return new Invalid("step 9: expired or no exp");
        }
        Date iat = claims.getIssueTime();
        if (iat == null || iat.toInstant().isAfter(now.plus(SKEW))) {
            return new Invalid("step 10: iat missing or in the future");
        }
        // Step 11: the nonce this browser's request carried.
        Object nonce = claims.getClaim("nonce");
        if (expectedNonce == null || !expectedNonce.equals(nonce)) {
            return new Invalid("step 11: nonce does not match the request");
        }
        // What the console needs besides: who, in which realm session, and when they signed in.
        Object sid = claims.getClaim("sid");
        Object authTime = claims.getClaim("auth_time");
        if (claims.getSubject() == null || !(sid instanceof String sidValue)) {
            return new Invalid("no sub or sid");
        }
        Instant authenticatedAt;
        if (authTime instanceof Date date) {
            authenticatedAt = date.toInstant();
        } else if (authTime instanceof Number seconds) {
            authenticatedAt = Instant.ofEpochSecond(seconds.longValue());
        } else {
            return new Invalid("no auth_time");
        }
        Object acr = claims.getClaim("acr");
        ArrayList<String> amr = new ArrayList<>();
        if (claims.getClaim("amr") instanceof List<?> values) {
            values.forEach(v -> amr.add(String.valueOf(v)));
        }
        return new Valid(new ConsoleLogin(claims.getSubject(), sidValue, authenticatedAt,
                acr instanceof String a ? a : "", amr));
    }
}
