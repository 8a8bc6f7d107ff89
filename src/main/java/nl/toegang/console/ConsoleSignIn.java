package nl.toegang.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import nl.toegang.config.PublicUrl;
import nl.toegang.oidc.AccountConsoleClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;

/**
 * The console as an OIDC client of its realm (authorization code + PKCE S256, state and nonce), the way any portal
 * signs in: {@link #start} sends the browser to the realm's authorization endpoint (SSO when the realm session
 * exists, the login page otherwise), {@link #finish} takes the browser back at {@code /account/callback}, redeems
 * the code at the real token endpoint, validates the ID token and stores the {@link ConsoleLogin}.
 */
@Component
public class ConsoleSignIn {
    private static final Logger log = LoggerFactory.getLogger(ConsoleSignIn.class);
    static final String PENDING_PREFIX = "TOEGANG_CONSOLE_PENDING:";
    /** Requests in flight per realm and browser (several tabs); the oldest is dropped beyond this. */
    static final int MAX_PENDING = 5;
    /** A request that does not come back within this time is refused (a login page left open is long enough). */
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(30);

    private final PublicUrl publicUrl;
    private final ConsoleTokenEndpoint tokenEndpoint;
    private final ConsoleIdTokens idTokens;
    private final ConsoleLogins logins;
    private final SecureRandom random;
    private final Clock clock;

    public ConsoleSignIn(PublicUrl publicUrl, ConsoleTokenEndpoint tokenEndpoint, ConsoleIdTokens idTokens,
                         ConsoleLogins logins, SecureRandom random, Clock clock) {
        this.publicUrl = publicUrl;
        this.tokenEndpoint = tokenEndpoint;
        this.idTokens = idTokens;
        this.logins = logins;
        this.random = random;
        this.clock = clock;
    }

    /**
     * Remembers a new authorization request in this browser's session and returns the URL to send it to.
     *
     * @param returnTo       where to go afterwards; anything but a console page of {@code realm} becomes its home
     * @param reauthenticate ask for a sign-in within {@link RecentSignIn#WINDOW} ({@code max_age}), for a
     *                       sensitive change
     */
    public String start(String realm, String returnTo, boolean reauthenticate, HttpServletRequest request) {
        String verifier = randomValue();
        var pending = new PendingConsoleLogin(randomValue(), randomValue(), verifier,
                ConsolePaths.safeReturn(realm, returnTo), reauthenticate, clock.instant());
        HttpSession session = request.getSession();
        LinkedHashMap<String, PendingConsoleLogin> all = pendingOf(session, realm);
        while (all.size() >= MAX_PENDING) {
            all.values().stream().min(Comparator.comparing(PendingConsoleLogin::startedAt))
                    .ifPresent(oldest -> all.remove(oldest.state()));
        }
        all.put(pending.state(), pending);
        session.setAttribute(PENDING_PREFIX + realm, all);

        String issuer = publicUrl.issuer(realm);
        var uri = UriComponentsBuilder.fromUriString(issuer + "/oauth2/authorize")
                .queryParam("response_type", "code")
                .queryParam("client_id", AccountConsoleClient.CLIENT_ID)
                .queryParam("redirect_uri", AccountConsoleClient.redirectUri(issuer))
                .queryParam("scope", "openid")
                .queryParam("state", pending.state())
                .queryParam("nonce", pending.nonce())
                .queryParam("code_challenge", challenge(verifier))
                .queryParam("code_challenge_method", "S256");
        if (reauthenticate) {
            uri.queryParam("max_age", RecentSignIn.WINDOW.toSeconds());
        }
        return uri.encode(StandardCharsets.UTF_8).build().toUriString();
    }

    /** What came of a callback. */
    public sealed interface Outcome permits SignedIn, Failed {
    }

    /** The console login is stored; go to {@code returnTo}. */
    public record SignedIn(String returnTo, boolean reauthenticated) implements Outcome {
    }

    /** Nothing stored; {@code reason} is for the log (no code, token or state in it). */
    public record Failed(String reason) implements Outcome {
    }

    /**
     * Handles {@code /account/callback?code&state&iss} (or {@code ?error&state&iss}) in {@code realm}; {@code iss}
     * (RFC 9207, sent by this server) must be the realm's issuer when present.
     */
    public Outcome finish(String realm, String state, String code, String error, String iss,
                          HttpServletRequest request) {
        Outcome outcome = check(realm, state, code, error, iss, request);
        if (outcome instanceof Failed failed) {
            log.info("account console sign-in in realm {} refused: {}", realm, failed.reason());
        }
        return outcome;
    }

    private Outcome check(String realm, String state, String code, String error, String iss,
                          HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (state == null || state.isEmpty() || session == null) {
            return new Failed("no state, or no session to hold one");
        }
        // One use: the request is forgotten whatever happens next, so a second callback with it fails here.
        LinkedHashMap<String, PendingConsoleLogin> all = pendingOf(session, realm);
        PendingConsoleLogin pending = all.remove(state);
        session.setAttribute(PENDING_PREFIX + realm, all);
        if (pending == null) {
            return new Failed("state is not one this browser sent (or was already used)");
        }
        if (clock.instant().isAfter(pending.startedAt().plus(PENDING_LIFETIME))) {
            return new Failed("the authorization request is older than " + PENDING_LIFETIME);
        }
        if (iss != null && !iss.equals(publicUrl.issuer(realm))) {
            return new Failed("iss of the authorization response is not the issuer of realm " + realm);
        }
        if (error != null) {
            return new Failed("the authorization endpoint answered "
                    + (error.matches("[a-z_]{1,64}") ? error : "an error"));
        }
        if (code == null || code.isEmpty()) {
            return new Failed("no code");
        }
        String redirectUri = AccountConsoleClient.redirectUri(publicUrl.issuer(realm));
        var exchange = tokenEndpoint.exchange(realm, request.getContextPath(), code, redirectUri,
                pending.codeVerifier());
        if (exchange instanceof ConsoleTokenEndpoint.Refused refused) {
            return new Failed(refused.reason());
        }
        String idToken = ((ConsoleTokenEndpoint.Tokens) exchange).idToken();
        var result = idTokens.validate(realm, idToken, pending.nonce());
        if (result instanceof ConsoleIdTokens.Invalid invalid) {
            return new Failed("ID token: " + invalid.reason());
        }
        ConsoleLogin validated = ((ConsoleIdTokens.Valid) result).login();
        // Spring Authorization Server names in `sid` the person's most recently used session, which is another
        // browser's when the person uses two. The state (this session's), the PKCE verifier and the nonce already
        // tie this code to this browser's authorization request, so the login is bound to this browser's realm
        // session, and must be the person signed in to it.
        ConsoleLogin login = logins.bindToThisSession(validated, request);
        if (!logins.belongsToThisRealmSession(realm, login, request)) {
            return new Failed("the ID token's sub is not the person signed in to this browser's realm session");
        }
        if (pending.reauthenticate() && !RecentSignIn.isRecent(login, clock.instant())) {
            // Would send the browser round again without end; the page says to try again instead.
            return new Failed("asked for a fresh sign-in but auth_time is older than " + RecentSignIn.WINDOW);
        }
        logins.store(realm, login, request);
        return new SignedIn(pending.returnTo(), pending.reauthenticate());
    }

    @SuppressWarnings("unchecked")
    private static LinkedHashMap<String, PendingConsoleLogin> pendingOf(HttpSession session, String realm) {
        Object value = session.getAttribute(PENDING_PREFIX + realm);
        return value instanceof LinkedHashMap<?, ?> map
                ? new LinkedHashMap<>((LinkedHashMap<String, PendingConsoleLogin>) map) : new LinkedHashMap<>();
    }

    private String randomValue() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** RFC 7636 §4.2: S256 = BASE64URL(SHA256(ASCII(code_verifier))). */
    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
