package nl.toegang.federation.upstream;

import jakarta.servlet.http.HttpSession;
import nl.toegang.federation.digid.SpCredentials;
import nl.toegang.realm.UpstreamSettings;
import nl.toegang.saml.AssertionReplayCache;
import nl.toegang.saml.LogoutRequestFactory;
import nl.toegang.saml.LogoutResponseFactory;
import nl.toegang.saml.RedirectBindingEncoder;
import nl.toegang.saml.RedirectBindingVerifier;
import nl.toegang.saml.SamlStatus;
import nl.toegang.saml.SamlValidationException;
import nl.toegang.saml.SamlValidationSettings;
import nl.toegang.saml.SignedMessage;
import nl.toegang.saml.SingleLogoutMessage;
import nl.toegang.saml.SingleLogoutReader;
import nl.toegang.saml.UpstreamIdp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * SAML single logout toward a generic upstream SAML IdP (SAML Profiles §4.4), the SP side:
 * <ol>
 *   <li>{@link #start}: after our session ended, a LogoutRequest with the NameID exactly as asserted and the
 *   SessionIndex (both kept only in this browser's HTTP session) to the IdP's SingleLogoutService: by HTTP-POST with
 *   an enveloped signature when the metadata offers POST (the NameID then stays out of URLs and access logs), else by
 *   HTTP-Redirect with the query signed; remembered under an opaque RelayState.</li>
 *   <li>{@link #receive}: a message at our SingleLogoutService, by Redirect (query signature) or POST (enveloped
 *   signature), each verified with the IdP's pinned keys only, then Destination (this endpoint), Issuer (the IdP),
 *   IssueInstant; a LogoutResponse must answer the request this browser's RelayState names (one use, in time,
 *   InResponseTo); a LogoutRequest (IdP-initiated) is used once and matched against this browser's login.</li>
 * </ol>
 * No NameID reaches a log line here.
 */
final class SamlUpstreamLogout {
    private static final Logger log = LoggerFactory.getLogger(SamlUpstreamLogout.class);
    /**
     * A logout round trip takes seconds; an answer after this is not accepted as a confirmation. Shorter than the
     * idle timeout of a federated login's HTTP session (15 minutes), so a late answer still finds its pending state
     * and gets the "not confirmed" page rather than a refusal.
     */
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);
    static final int MAX_RELAY_STATE = 80;

    private final SamlUpstreams upstreams;
    private final AssertionReplayCache replayCache;
    private final SecureRandom random;
    private final Clock clock;

    SamlUpstreamLogout(SamlUpstreams upstreams, AssertionReplayCache replayCache, SecureRandom random, Clock clock) {
        this.upstreams = upstreams;
        this.replayCache = replayCache;
        this.random = random;
        this.clock = clock;
    }

    /** Where the browser takes our message to the IdP, or that there is nothing to send. */
    sealed interface Send {
        record Redirect(String url) implements Send {
        }

        /** @param messageName {@code SAMLRequest} or {@code SAMLResponse} */
        record Post(String url, String messageName, String samlMessage, String relayState) implements Send {
        }

        record Nothing(String reason) implements Send {
        }
    }

    /** A verified message at our SingleLogoutService, and what it means for this browser. */
    sealed interface Received {
        /** The IdP confirmed the logout we asked for. */
        record LoggedOut() implements Received {
        }

        /** The IdP answered our request, but not with success (or too late): it may still have a session. */
        record NotConfirmed(String reason) implements Received {
        }

        /**
         * The IdP asks us to end its login in this browser; {@code ours}: this browser's session is that login;
         * {@code relayState}: the IdP's, to return with our answer (may be null).
         */
        record IdpRequest(SingleLogoutMessage.Request request, boolean ours, String relayState) implements Received {
        }

        /** Not a message we accept (signature, binding, addressing, another browser, a replay): logged. */
        record Refused(String reason) implements Received {
        }
    }

    /** What came to our SingleLogoutService, as given: {@code rawQuery} for Redirect, else the form fields. */
    record Incoming(String rawQuery, String samlRequest, String samlResponse, String relayState) {
        @Override
        public String toString() {
            return "Incoming[" + (rawQuery != null ? "redirect" : samlRequest != null ? "SAMLRequest"
                    : samlResponse != null ? "SAMLResponse" : "empty") + "]";
        }
    }

    Send start(String realm, UpstreamSettings settings, UpstreamSession login, String spEntityId,
               HttpSession session) {
        if (login.samlNameId() == null) {
            return new Send.Nothing("no NameID of this login is kept");
        }
        UpstreamIdp idp;
        try {
            idp = upstreams.idp(realm, settings);
        } catch (IOException | IllegalArgumentException e) {
            log.warn("Upstream '{}' of realm {} unavailable at logout, its session is not ended: {}", settings.id(),
                    realm, e.getMessage());
            return new Send.Nothing("metadata unavailable");
        }
        if (idp.sloPost().isEmpty() && idp.sloRedirect().isEmpty()) {
            log.info("Upstream '{}' of realm {} offers no SingleLogoutService; only our session ended",
                    settings.id(), realm);
            return new Send.Nothing("no SingleLogoutService in the metadata");
        }
        SpCredentials credentials = upstreams.credentials(realm, settings);
        var factory = new LogoutRequestFactory(clock, random, spEntityId, credentials.signing());
        String relayState = opaque();
        Send send;
        String requestId;
        if (idp.sloPost().isEmpty() && settings.digid()) {
            // DigiD's NameID holds the BSN: never in a URL (as for the built-in DigiD route).
            log.info("Upstream '{}' of realm {}: DigiD offers no HTTP-POST SingleLogoutService; only our session ended",
                    settings.id(), realm);
            return new Send.Nothing("no HTTP-POST SingleLogoutService for a BSN NameID");
        }
        if (idp.sloPost().isPresent()) {
            SignedMessage request = factory.createSigned(idp.sloPost().get(), login.samlNameId(),
                    login.sessionIndex());
            requestId = request.id();
            send = new Send.Post(idp.sloPost().get(), "SAMLRequest",
                    Base64.getEncoder().encodeToString(request.xml()), relayState);
        } else {
            SignedMessage request = factory.createForRedirect(idp.sloRedirect().get(), login.samlNameId(),
                    login.sessionIndex());
            requestId = request.id();
            send = new Send.Redirect(new RedirectBindingEncoder(credentials.signing()).encode(idp.sloRedirect().get(),
                    "SAMLRequest", new String(request.xml(), StandardCharsets.UTF_8), relayState));
        }
        session.setAttribute(PendingSamlLogout.attribute(realm, relayState), new PendingSamlLogout(realm,
                settings.id(), requestId, clock.instant()));
        log.info("Upstream '{}' of realm {}: LogoutRequest {} sent by {}", settings.id(), realm, requestId,
                send instanceof Send.Post ? "POST" : "redirect");
        return send;
    }

    /**
     * Whether a POSTed message can be handled in this session as it stands: a LogoutResponse whose RelayState names
     * a pending logout here, or a LogoutRequest while this session holds a SAML login of the realm. Otherwise the
     * browser probably left our SameSite=Lax cookie behind on the IdP's cross-site POST, and the message is bounced.
     */
    static boolean knows(HttpSession session, String realm, Incoming incoming) {
        if (session == null) {
            return false;
        }
        if (incoming.samlResponse() != null) {
            return incoming.relayState() != null && incoming.relayState().length() <= MAX_RELAY_STATE
                    && session.getAttribute(PendingSamlLogout.attribute(realm, incoming.relayState())) != null;
        }
        return session.getAttribute(UpstreamSession.attribute(realm)) instanceof UpstreamSession login
                && login.samlNameId() != null;
    }

    Received receive(String realm, UpstreamSettings settings, String sloUrl, Incoming incoming,
                     HttpSession session) {
        UpstreamIdp idp;
        try {
            idp = upstreams.idp(realm, settings);
        } catch (IOException | IllegalArgumentException e) {
            return refused(realm, settings, "metadata unavailable: " + e.getMessage());
        }
        SamlValidationSettings validation = SamlValidationSettings.defaults();
        SingleLogoutReader reader = new SingleLogoutReader(clock, validation, idp.signingKeys(), idp.entityId(),
                sloUrl);
        SingleLogoutMessage message;
        String relayState;
        boolean asRequest;
        try {
            if (incoming.rawQuery() != null) {
                var redirect = new RedirectBindingVerifier(idp.signingKeys(), validation.maxMessageBytes())
                        .verify(incoming.rawQuery());
                message = reader.readVerifiedRedirect(redirect);
                relayState = redirect.relayState();
                asRequest = redirect.messageName().equals("SAMLRequest");
            } else {
                if ((incoming.samlRequest() == null) == (incoming.samlResponse() == null)) {
                    return refused(realm, settings, "expected exactly one of SAMLRequest and SAMLResponse");
                }
                asRequest = incoming.samlRequest() != null;
                message = reader.read(asRequest ? incoming.samlRequest() : incoming.samlResponse());
                relayState = incoming.relayState();
            }
        } catch (SamlValidationException e) {
            return refused(realm, settings, e.reason() + " (" + e.getMessage() + ")");
        }
        if (asRequest && message instanceof SingleLogoutMessage.Request request) {
            return idpRequest(realm, settings, idp, request, relayState, session);
        }
        if (!asRequest && message instanceof SingleLogoutMessage.Response response) {
            return answer(realm, settings, response, relayState, session);
        }
        return refused(realm, settings, "a LogoutRequest in SAMLResponse or the reverse");
    }

    private Received answer(String realm, UpstreamSettings settings, SingleLogoutMessage.Response response,
                            String relayState, HttpSession session) {
        String attribute = relayState == null || relayState.length() > MAX_RELAY_STATE ? null
                : PendingSamlLogout.attribute(realm, relayState);
        Object stored = session == null || attribute == null ? null : session.getAttribute(attribute);
        if (stored != null) {
            session.removeAttribute(attribute); // one answer per request
        }
        if (!(stored instanceof PendingSamlLogout pending) || !pending.upstream().equals(settings.id())) {
            return refused(realm, settings, "the RelayState names no logout of this browser (another browser, a"
                    + " replay, or one already answered)");
        }
        if (!pending.requestId().equals(response.inResponseTo())) {
            return refused(realm, settings, "the LogoutResponse answers another request");
        }
        if (pending.createdAt().plus(PENDING_LIFETIME).isBefore(clock.instant())) {
            log.warn("Upstream '{}' of realm {}: LogoutResponse came after {}", settings.id(), realm,
                    PENDING_LIFETIME);
            return new Received.NotConfirmed("too late");
        }
        if (!response.status().isSuccess()) {
            // Our session ended before we asked; the IdP's may live on until its own timeout.
            log.warn("Upstream '{}' of realm {}: the IdP did not confirm the logout: {} / {}", settings.id(), realm,
                    response.status().code(), response.status().subCode());
            return new Received.NotConfirmed("status " + response.status().code());
        }
        log.info("Upstream '{}' of realm {}: the IdP confirmed the logout", settings.id(), realm);
        return new Received.LoggedOut();
    }

    private Received idpRequest(String realm, UpstreamSettings settings, UpstreamIdp idp,
                                SingleLogoutMessage.Request request, String relayState, HttpSession session) {
        SamlValidationSettings validation = SamlValidationSettings.defaults();
        // The IssueInstant check bounds how long a captured request is usable; the cache closes that window.
        Instant usableUntil = clock.instant().plus(validation.maxMessageAge()).plus(validation.clockSkew());
        if (!replayCache.markUsed("upstream-slo:" + idp.entityId() + ":" + request.id(), usableUntil)) {
            return refused(realm, settings, "LogoutRequest replayed");
        }
        Object stored = session == null ? null : session.getAttribute(UpstreamSession.attribute(realm));
        boolean ours = stored instanceof UpstreamSession login && login.realm().equals(realm)
                && login.upstream().equals(settings.id()) && login.samlNameId() != null
                && login.samlNameId().value().equals(request.nameId())
                && (request.sessionIndexes().isEmpty() || login.sessionIndex() == null
                || request.sessionIndexes().contains(login.sessionIndex()));
        log.info("Upstream '{}' of realm {}: IdP-initiated LogoutRequest {}, {}", settings.id(), realm, request.id(),
                ours ? "this browser's login" : "no matching login in this browser");
        return new Received.IdpRequest(request, ours, relayState);
    }

    /**
     * Our signed LogoutResponse (Success: SAML Core §3.7.3.2 also when no session matched) to an IdP-initiated
     * LogoutRequest, by POST when the metadata offers it, else by Redirect.
     */
    Send answerIdp(String realm, UpstreamSettings settings, String spEntityId, SingleLogoutMessage.Request request,
                   String relayState) {
        UpstreamIdp idp;
        try {
            idp = upstreams.idp(realm, settings);
        } catch (IOException | IllegalArgumentException e) {
            return new Send.Nothing("metadata unavailable");
        }
        var factory = new LogoutResponseFactory(clock, random, spEntityId,
                upstreams.credentials(realm, settings).signing());
        String relay = relayState != null && relayState.length() <= MAX_RELAY_STATE ? relayState : null;
        if (idp.sloPost().isPresent()) {
            SignedMessage answer = factory.create(idp.sloPost().get(), request.id(), SamlStatus.SUCCESS);
            return new Send.Post(idp.sloPost().get(), "SAMLResponse",
                    Base64.getEncoder().encodeToString(answer.xml()), relay);
        }
        if (idp.sloRedirect().isPresent()) {
            SignedMessage answer = factory.createForRedirect(idp.sloRedirect().get(), request.id(),
                    SamlStatus.SUCCESS);
            return new Send.Redirect(new RedirectBindingEncoder(upstreams.credentials(realm, settings).signing())
                    .encode(idp.sloRedirect().get(), "SAMLResponse", new String(answer.xml(),
                            StandardCharsets.UTF_8), relay));
        }
        return new Send.Nothing("no SingleLogoutService to answer to");
    }

    private String opaque() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    private static Received refused(String realm, UpstreamSettings settings, String reason) {
        log.warn("Upstream '{}' of realm {}: single logout message refused: {}", settings.id(), realm, reason);
        return new Received.Refused(reason);
    }
}
