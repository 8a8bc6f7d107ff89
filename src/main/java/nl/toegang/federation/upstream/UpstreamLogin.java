package nl.toegang.federation.upstream;

import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.servlet.http.HttpSession;
import nl.toegang.federation.digid.FederatedIdentities;
import nl.toegang.realm.UpstreamSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client side of a login at an upstream OpenID Provider (OIDC Core §3.1, authorization code flow).
 * {@link #start} builds the authorization request (PKCE S256, {@code state} and {@code nonce} bound to this browser's
 * session, the client's acr as minimum); {@link #finish} takes the answer at our callback and checks, in order: the
 * pending login of this browser named by {@code state} (used up at once), the RFC 9207 {@code iss} (against mix-up),
 * an error answer, the code exchange (client_secret_basic or private_key_jwt) with the PKCE verifier, the ID token
 * ({@link IdTokenChecks}), the acr minimum, userinfo when the realm file asks for it; then the mapped claims are kept
 * with the identity. Log lines carry reasons, never a code, token, nonce or secret.
 */
final class UpstreamLogin {
    private static final Logger log = LoggerFactory.getLogger(UpstreamLogin.class);
    /** A person who takes longer than this at the provider starts again. */
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);
    private static final int MAX_STATE = 100;
    private static final int MAX_CODE = 2048;
    /** What a provider's value may look like to be logged as is (no line breaks or control characters). */
    private static final java.util.regex.Pattern PRINTABLE = java.util.regex.Pattern.compile("[\\x20-\\x7E]{1,200}");

    private final UpstreamProviders providers;
    private final BackChannel backChannel;
    private final FederatedIdentities identities;
    private final ClientKeys clientKeys;
    private final SecureRandom random;
    private final Clock clock;

    UpstreamLogin(UpstreamProviders providers, BackChannel backChannel, FederatedIdentities identities,
                  ClientKeys clientKeys, SecureRandom random, Clock clock) {
        this.clientKeys = clientKeys;
        this.providers = providers;
        this.backChannel = backChannel;
        this.identities = identities;
        this.random = random;
        this.clock = clock;
    }

    /** Where the browser goes to start: the provider's authorization request, or why it cannot. */
    sealed interface Start {
        record Redirect(String url) implements Start {
        }

        /** The client asked for a level this provider does not reach (per the realm file's acr list). */
        record LevelNotPossible() implements Start {
        }

        /** The provider's discovery could not be read or used. */
        record Unavailable(String reason) implements Start {
        }
    }

    /** What the callback received, as given (each may be null). */
    record Callback(String state, String code, String iss, String error) {
        @Override
        public String toString() {
            return "Callback[error=" + error + "]";
        }
    }

    /**
     * @param acrValues     the client's {@code acr_values}; the first one the realm file's acr list issues is the
     *                      minimum
     * @param forceLogin    the client asked for {@code prompt=login} or {@code max_age}: so do we
     * @param redirectUri   our callback for this upstream
     * @param authorizeUrl  the saved authorization request to continue after login (null: realm home)
     */
    Start start(String realm, UpstreamSettings settings, Optional<String> acrValues, boolean forceLogin,
                String language, String redirectUri, String authorizeUrl, String consoleLink,
                HttpSession session) {
        Optional<List<UpstreamSettings.AcrLevel>> minimum = minimum(settings, acrValues);
        if (minimum.isPresent() && minimum.get().isEmpty()) {
            return new Start.LevelNotPossible();
        }
        UpstreamProviders.Provider provider;
        try {
            provider = providers.provider(realm, settings);
        } catch (IOException e) {
            log.warn("Upstream '{}' of realm {} unavailable: {}", settings.id(), realm, e.getMessage());
            return new Start.Unavailable(e.getMessage());
        } catch (UpstreamRefused e) {
            log.warn("Upstream '{}' of realm {}: discovery refused: {}", settings.id(), realm, e.getMessage());
            return new Start.Unavailable(e.getMessage());
        }
        String state = randomValue();
        String nonce = randomValue();
        String verifier = randomValue();
        List<String> accepted = minimum.map(levels -> levels.stream().map(UpstreamSettings.AcrLevel::upstream)
                .toList()).orElse(List.of());
        session.setAttribute(PendingUpstreamLogin.attribute(state), new PendingUpstreamLogin(realm, settings.id(),
                nonce, verifier, accepted, authorizeUrl, clock.instant(), consoleLink));

        Map<String, String> values = new LinkedHashMap<>();
        values.put("response_type", "code");
        values.put("client_id", settings.clientId());
        values.put("redirect_uri", redirectUri);
        values.put("scope", String.join(" ", settings.scopes()));
        values.put("state", state);
        values.put("nonce", nonce);
        values.put("code_challenge", challenge(verifier));
        values.put("code_challenge_method", "S256");
        if (!accepted.isEmpty()) {
            values.put("acr_values", String.join(" ", accepted));
        }
        if (forceLogin) {
            values.put("prompt", "login");
        }
        values.put("ui_locales", language);
        // Values as URI variables, so encode() escapes them strictly (a '+' or '&' in a value stays itself).
        var target = UriComponentsBuilder.fromUriString(provider.metadata().authorizationEndpoint());
        values.keySet().forEach(name -> target.queryParam(name, "{" + name + "}"));
        return new Start.Redirect(target.encode().buildAndExpand(values).toUriString());
    }

    /**
     * The levels at or above the client's minimum: empty optional when the client asked for no level this provider
     * maps (nothing is passed on), an empty list when it asked for one above what the provider reaches.
     */
    static Optional<List<UpstreamSettings.AcrLevel>> minimum(UpstreamSettings settings, Optional<String> acrValues) {
        if (acrValues.isEmpty() || settings.acr().isEmpty()) {
            return Optional.empty();
        }
        for (String value : acrValues.get().trim().split("\\s+")) {
            Optional<List<UpstreamSettings.AcrLevel>> levels = settings.atLeast(value);
            if (levels.isPresent()) {
                return levels;
            }
        }
        return Optional.empty();
    }

    /** The outcome of the provider's answer at our callback. */
    UpstreamResult finish(String realm, UpstreamSettings settings, String redirectUri, Callback callback,
                          HttpSession session) {
        // 1. The pending login of this browser that this state names: used up now, whatever happens next.
        if (callback.state() == null || callback.state().isEmpty() || callback.state().length() > MAX_STATE) {
            return failed(realm, settings, "no usable state in the answer");
        }
        Object stored = session == null ? null : session.getAttribute(PendingUpstreamLogin.attribute(callback.state()));
        if (session != null) {
            session.removeAttribute(PendingUpstreamLogin.attribute(callback.state()));
        }
        if (!(stored instanceof PendingUpstreamLogin pending) || !pending.realm().equals(realm)
                || !pending.upstream().equals(settings.id())) {
            return failed(realm, settings, "unknown or used state (not started in this browser, or answered twice)");
        }
        if (pending.createdAt().plus(PENDING_LIFETIME).isBefore(clock.instant())) {
            return failed(realm, settings, "the login was started more than " + PENDING_LIFETIME.toMinutes()
                    + " minutes ago");
        }
        UpstreamProviders.Provider provider;
        try {
            provider = providers.provider(realm, settings);
        } catch (IOException | UpstreamRefused e) {
            log.warn("Upstream '{}' of realm {} unavailable at the callback: {}", settings.id(), realm,
                    e.getMessage());
            return new UpstreamResult.Unavailable(e.getMessage());
        }
        // 2. RFC 9207 §2.4: the answer names the issuer we sent the person to, before anything else of it is used.
        ProviderMetadata metadata = provider.metadata();
        if (callback.iss() != null) {
            if (!callback.iss().equals(metadata.issuer())) {
                return failed(realm, settings, "RFC 9207: the answer's iss is not this provider's issuer (mix-up)");
            }
        } else if (metadata.issParameter()) {
            return failed(realm, settings, "RFC 9207: the provider promises iss in its answers, this one has none");
        }
        // 3. An error answer (RFC 6749 §4.1.2.1).
        if (callback.error() != null) {
            return switch (callback.error()) {
                case "access_denied" -> {
                    log.info("Upstream '{}' login in realm {} cancelled or refused at the provider", settings.id(),
                            realm);
                    yield new UpstreamResult.Cancelled();
                }
                case "unmet_authentication_requirements" -> {
                    log.info("Upstream '{}' login in realm {}: level not met at the provider", settings.id(), realm);
                    yield new UpstreamResult.LevelNotMet();
                }
                case "temporarily_unavailable", "server_error" -> {
                    log.warn("Upstream '{}' of realm {} answered {}", settings.id(), realm, callback.error());
                    yield new UpstreamResult.Unavailable(callback.error());
                }
                default -> failed(realm, settings, "the provider answered with an error");
            };
        }
        if (callback.code() == null || callback.code().isEmpty() || callback.code().length() > MAX_CODE) {
            return failed(realm, settings, "no usable code in the answer");
        }
        try {
            // 4. The code exchange (OIDC Core §3.1.3.1), bound to this login by the PKCE verifier.
            TokenAnswer tokens = exchange(settings, metadata, redirectUri, callback.code(), pending);
            // 5. The ID token (OIDC Core §3.1.3.7).
            JWTClaimsSet idToken = IdTokenChecks.verify(tokens.idToken(), new IdTokenChecks.Expectation(
                    metadata.issuer(), settings.clientId(), pending.nonce(), metadata.idTokenAlgorithms()),
                    provider.keys(), clock.instant());
            // 6. The level the client asked for (step 12 of §3.1.3.7: the acr is appropriate).
            Object acr = idToken.getClaim("acr");
            if (!pending.acceptedAcr().isEmpty() && !(acr instanceof String value
                    && pending.acceptedAcr().contains(value))) {
                log.info("Upstream '{}' login in realm {}: acr {} does not meet the client's minimum", settings.id(),
                        realm, acr instanceof String value && PRINTABLE.matcher(value).matches() ? value : "(none)");
                return new UpstreamResult.LevelNotMet();
            }
            // 7. Userinfo (OIDC Core §5.3.4: its sub must be the ID token's).
            Map<String, Object> userinfo = settings.userinfo()
                    ? userinfo(metadata, tokens, idToken.getSubject()) : Map.of();
            Map<String, Object> claims = MappedClaims.of(settings.claims(), idToken.getClaims(), userinfo);
            String id = identities.findOrCreateUpstream(realm, metadata.issuer(), idToken.getSubject(), claims);
            Optional<String> issued = acr instanceof String value
                    ? settings.level(value).map(UpstreamSettings.AcrLevel::issued) : Optional.empty();
            log.info("Upstream '{}' login in realm {}: federated identity {}{}", settings.id(), realm, id,
                    issued.map(level -> " at " + level).orElse(""));
            return new UpstreamResult.Authenticated(id, issued, pending.authorizeUrl(), tokens.idToken(), null,
                    pending.consoleLink());
        } catch (UpstreamRefused e) {
            return failed(realm, settings, e.getMessage());
        } catch (IOException e) {
            log.warn("Upstream '{}' of realm {}: back channel failed: {}", settings.id(), realm, e.getMessage());
            return new UpstreamResult.Unavailable(e.getMessage());
        }
    }

    /**
     * Where to send the browser to end its session at the provider (OIDC RP-Initiated Logout 1.0 §2), remembering the
     * {@code state} it must come back with; empty when the provider offers no {@code end_session_endpoint} or cannot
     * be reached (the Toegang session has ended either way).
     */
    Optional<String> endSession(String realm, UpstreamSettings settings, UpstreamSession upstream,
                                String postLogoutRedirectUri, String language, HttpSession session) {
        Optional<String> endpoint;
        try {
            endpoint = providers.provider(realm, settings).metadata().endSessionEndpoint();
        } catch (IOException | UpstreamRefused e) {
            log.warn("Upstream '{}' of realm {} unavailable at logout, its session is not ended: {}", settings.id(),
                    realm, e.getMessage());
            return Optional.empty();
        }
        if (endpoint.isEmpty()) {
            log.info("Upstream '{}' of realm {} offers no end_session_endpoint; only our session ended",
                    settings.id(), realm);
            return Optional.empty();
        }
        String state = randomValue();
        session.setAttribute(PendingUpstreamLogout.attribute(realm), new PendingUpstreamLogout(realm, settings.id(),
                state, clock.instant()));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("id_token_hint", upstream.idTokenHint());
        values.put("client_id", settings.clientId());
        values.put("post_logout_redirect_uri", postLogoutRedirectUri);
        values.put("state", state);
        values.put("ui_locales", language);
        var target = UriComponentsBuilder.fromUriString(endpoint.get());
        values.keySet().forEach(name -> target.queryParam(name, "{" + name + "}"));
        return Optional.of(target.encode().buildAndExpand(values).toUriString());
    }

    /** Whether the provider's return from logout is the one this browser's session expects (used up at once). */
    boolean loggedOut(String realm, UpstreamSettings settings, String state, HttpSession session) {
        Object stored = session == null ? null : session.getAttribute(PendingUpstreamLogout.attribute(realm));
        if (session != null) {
            session.removeAttribute(PendingUpstreamLogout.attribute(realm));
        }
        boolean expected = stored instanceof PendingUpstreamLogout pending && pending.upstream().equals(settings.id())
                && state != null && MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                pending.state().getBytes(StandardCharsets.UTF_8))
                && pending.createdAt().plus(PENDING_LIFETIME).isAfter(clock.instant());
        if (!expected) {
            log.warn("Upstream '{}' of realm {}: return from logout without the state this browser expects",
                    settings.id(), realm);
        }
        return expected;
    }

    private TokenAnswer exchange(UpstreamSettings settings, ProviderMetadata metadata, String redirectUri,
                                 String code, PendingUpstreamLogin pending) throws IOException, UpstreamRefused {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", pending.codeVerifier());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (settings.clientAuthentication() == UpstreamSettings.ClientAuthentication.PRIVATE_KEY_JWT) {
            // OIDC Core §9 / RFC 7523 §2.2: a fresh signed assertion instead of a secret.
            byte[] jti = new byte[32];
            random.nextBytes(jti);
            form.put("client_id", settings.clientId());
            form.put("client_assertion_type", ClientKeys.ASSERTION_TYPE);
            form.put("client_assertion", clientKeys.assertion(settings, metadata.tokenEndpoint(),
                    metadata.assertionAlgorithm().orElseThrow(), clock.instant(), jti));
        } else {
            // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined for HTTP Basic.
            String credentials = BackChannel.encode(settings.clientId()) + ":"
                    + BackChannel.encode(settings.clientSecret().orElseThrow().reveal());
            headers.put("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return TokenAnswer.parse(backChannel.postForm(metadata.tokenEndpoint(), form, headers));
    }

    private Map<String, Object> userinfo(ProviderMetadata metadata, TokenAnswer tokens, String subject)
            throws IOException, UpstreamRefused {
        if (!"bearer".equalsIgnoreCase(tokens.tokenType())) {
            throw new UpstreamRefused("userinfo needs a Bearer access token, the provider issued "
                    + tokens.tokenType());
        }
        BackChannel.Answer answer = backChannel.get(metadata.userinfoEndpoint().orElseThrow(),
                Map.of("Accept", "application/json", "Authorization", "Bearer " + tokens.accessToken()));
        if (answer.status() != 200) {
            throw new UpstreamRefused("userinfo answered HTTP " + answer.status());
        }
        Map<String, Object> claims = TokenAnswer.json(answer, "userinfo");
        if (!subject.equals(claims.get("sub"))) {
            throw new UpstreamRefused("OIDC Core §5.3.4: the userinfo sub is not the ID token's");
        }
        return claims;
    }

    private UpstreamResult failed(String realm, UpstreamSettings settings, String reason) {
        log.warn("Upstream '{}' login in realm {} refused: {}", settings.id(), realm, reason);
        return new UpstreamResult.Failed(reason);
    }

    /** 256 bits, base64url: state, nonce and PKCE verifier (43 characters, within RFC 7636's 43 to 128). */
    private String randomValue() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
