package nl.toegang.federation.digid;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import nl.toegang.saml.AssertionReplayCache;
import nl.toegang.saml.Bsn;
import nl.toegang.saml.LogoutResponseFactory;
import nl.toegang.saml.SamlReason;
import nl.toegang.saml.SamlStatus;
import nl.toegang.saml.SamlValidationException;
import nl.toegang.saml.SamlValidationSettings;
import nl.toegang.saml.SignedMessage;
import nl.toegang.saml.SingleLogoutMessage;
import nl.toegang.saml.SingleLogoutReader;
import nl.toegang.saml.SoapEnvelope;
import nl.toegang.saml.xml.SecureXmlParser;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.session.PostLogoutRedirect;
import nl.toegang.session.RealmLogout;
import nl.toegang.session.SsoSessionEnded;
import nl.toegang.session.SsoSessions;
import nl.toegang.pages.RealmPages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Our SAML SingleLogoutService ({@code POST /realms/{realm}/saml/slo}, HTTP-POST binding, published in the SP
 * metadata). Every message must verify with the pinned IdP key, name this endpoint as Destination and the IdP as
 * Issuer.
 *
 * <ul>
 *   <li>{@code SAMLResponse}: DigiD's answer to our LogoutRequest. It must come back to this browser under the
 *   RelayState we sent and answer that request (InResponseTo); then the browser continues to the relying party's
 *   validated {@code post_logout_redirect_uri} with its state, or to the signed-out page.</li>
 *   <li>{@code SAMLRequest}: DigiD ends the resident's DigiD session (IdP-initiated). If this browser's DigiD login in
 *   the realm has that NameID (and, when given, that SessionIndex), its realm session ends (SsoSessionEnded, hence
 *   back-channel logout); either way the browser carries a signed LogoutResponse (Success) back to the IdP.</li>
 * </ul>
 * A message that does not verify gets a 400 page and no answer. The endpoint takes cross-site POSTs by design, so
 * CSRF protection is off for it: the signature is the check. Nothing here logs a NameID (it holds the BSN).
 *
 * <p>{@code POST /realms/{realm}/saml/slo/soap} is the same service on the SOAP binding, DigiD's back channel: when
 * the resident's DigiD session ends at another SP, DigiD sends each SP a signed LogoutRequest. There is no browser
 * here, so the sessions are found in the shared session store: the realm sessions of that resident whose DigiD
 * login carries a named SessionIndex (all of them when none is named) end on every node, each reported as
 * {@code SsoSessionEnded} (hence OIDC back-channel logout to the relying parties).
 */
@Controller
public class DigidSingleLogoutService {
    private static final Logger log = LoggerFactory.getLogger(DigidSingleLogoutService.class);
    /** A logout round trip through DigiD takes seconds; an older pending request is not answered any more. */
    private static final Duration PENDING_LIFETIME = Duration.ofMinutes(15);

    private final DigidRealms realms;
    private final FederatedIdentities identities;
    private final RealmLogout logout;
    private final RealmRegistry registry;
    private final SsoSessions sessions;
    private final AssertionReplayCache replayCache;
    private final Clock clock;
    private final SecureRandom random;

    public DigidSingleLogoutService(DigidRealms realms, FederatedIdentities identities, RealmLogout logout,
                                    RealmRegistry registry, SsoSessions sessions, AssertionReplayCache replayCache,
                                    Clock clock, SecureRandom random) {
        this.realms = realms;
        this.identities = identities;
        this.logout = logout;
        this.registry = registry;
        this.sessions = sessions;
        this.replayCache = replayCache;
        this.clock = clock;
        this.random = random;
    }

    @PostMapping("/realms/{realm}/saml/slo")
    Object slo(@PathVariable String realm,
               @RequestParam(name = "SAMLRequest", required = false) String samlRequest,
               @RequestParam(name = "SAMLResponse", required = false) String samlResponse,
               @RequestParam(name = "RelayState", required = false) String relayState,
               HttpServletRequest request, HttpServletResponse response, Model model) {
        DigidRealm digid = realms.find(realm).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("realmInfo", registry.require(realm));
        if ((samlRequest == null) == (samlResponse == null)) {
            return refused(realm, "expected exactly one of SAMLRequest and SAMLResponse", response);
        }
        SingleLogoutMessage message;
        try {
            message = new SingleLogoutReader(clock, SamlValidationSettings.defaults(), digid.idp().signingKeys(),
                    digid.idp().entityId(), digid.sloUrl()).read(samlRequest != null ? samlRequest : samlResponse);
        } catch (SamlValidationException e) {
            return refused(realm, e.reason() + " (" + e.getMessage() + ")", response);
        }
        if (samlRequest != null && message instanceof SingleLogoutMessage.Request logoutRequest) {
            return idpInitiated(digid, logoutRequest, relayState, request, response, model);
        }
        if (samlResponse != null && message instanceof SingleLogoutMessage.Response logoutResponse) {
            return answered(digid, logoutResponse, relayState, request.getSession(false), response);
        }
        return refused(realm, "a LogoutRequest in SAMLResponse or the reverse", response);
    }

    /**
     * DigiD's back-channel LogoutRequest (SOAP binding). Answers a signed LogoutResponse with Success, also when no
     * session matched (SAML Core 3.7.3.2); a message that does not verify, or comes a second time, gets a SOAP
     * Fault with status 400 (not SOAP 1.1's 500: the sender is at fault) and ends nothing.
     */
    @PostMapping("/realms/{realm}/saml/slo/soap")
    ResponseEntity<byte[]> soapLogout(@PathVariable String realm, HttpServletRequest request) throws IOException {
        DigidRealm digid = realms.find(realm).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        SamlValidationSettings settings = SamlValidationSettings.defaults();
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(settings.maxMessageBytes() + 1);
        }
        SingleLogoutMessage.Request logoutRequest;
        try {
            if (body.length > settings.maxMessageBytes()) {
                throw new SamlValidationException(SamlReason.INPUT_TOO_LARGE, "single logout: message too large");
            }
            logoutRequest = new SingleLogoutReader(clock, settings, digid.idp().signingKeys(),
                    digid.idp().entityId(), digid.soapSloUrl()).readSoapRequest(body);
        } catch (SamlValidationException e) {
            log.warn("DigiD back-channel logout refused in realm {}: {} ({})", realm, e.reason(), e.getMessage());
            return soap(HttpStatus.BAD_REQUEST, SoapEnvelope.clientFault());
        }
        // The IssueInstant check bounds how long a captured request is usable; the cache closes that window.
        Instant usableUntil = clock.instant().plus(settings.maxMessageAge()).plus(settings.clockSkew());
        if (!replayCache.markUsed("slo:" + digid.idp().entityId() + ":" + logoutRequest.id(), usableUntil)) {
            log.warn("DigiD back-channel logout refused in realm {}: LogoutRequest replayed", realm);
            return soap(HttpStatus.BAD_REQUEST, SoapEnvelope.clientFault());
        }
        List<String> indexes = logoutRequest.sessionIndexes();
        int ended = resident(digid, logoutRequest.nameId())
                .map(identityId -> sessions.endWhere(realm, identityId,
                        session -> session.getAttribute(DigidSession.attribute(realm)) instanceof DigidSession login
                                && (indexes.isEmpty() || indexes.contains(login.sessionIndex())),
                        SsoSessionEnded.Reason.LOGOUT))
                .orElse(0);
        log.info("DigiD back-channel logout in realm {}: {} session(s) ended", realm, ended);
        SignedMessage answer = new LogoutResponseFactory(clock, random, digid.spEntityId(),
                digid.credentials().signing()).create(null, logoutRequest.id(), SamlStatus.SUCCESS);
        return soap(HttpStatus.OK, SoapEnvelope.wrap(new SecureXmlParser().parse(answer.xml())));
    }

    /** The federated identity a NameID {@code <sector>:<BSN>} names in this realm, if it ever logged in here. */
    private Optional<String> resident(DigidRealm digid, String nameId) {
        String prefix = digid.settings().sector() + ":";
        if (!nameId.startsWith(prefix) || !Bsn.isValid(nameId.substring(prefix.length()))) {
            return Optional.empty();
        }
        return identities.find(digid.realm(), digid.idp().entityId(), new Bsn(nameId.substring(prefix.length())));
    }

    private static ResponseEntity<byte[]> soap(HttpStatus status, byte[] envelope) {
        return ResponseEntity.status(status).contentType(MediaType.parseMediaType("text/xml; charset=utf-8"))
                .header("Cache-Control", "no-store").body(envelope);
    }

    private Object answered(DigidRealm digid, SingleLogoutMessage.Response answer, String relayState,
                            HttpSession session, HttpServletResponse response) {
        String realm = digid.realm();
        String attribute = relayState == null ? null : PendingDigidLogout.attribute(realm, relayState);
        Object stored = session == null || attribute == null ? null : session.getAttribute(attribute);
        if (session != null && attribute != null) {
            session.removeAttribute(attribute); // one answer per request
        }
        if (!(stored instanceof PendingDigidLogout pending)
                || pending.createdAt().plus(PENDING_LIFETIME).isBefore(clock.instant())) {
            return refused(realm, "no pending LogoutRequest for this RelayState in this browser", response);
        }
        if (!pending.requestId().equals(answer.inResponseTo())) {
            return refused(realm, "LogoutResponse answers another request", response);
        }
        if (!answer.loggedOut()) {
            // Our session ended before we asked; DigiD's own session may live on until its timeout.
            log.warn("DigiD logout in realm {}: IdP answered {} / {}", realm, answer.status().code(),
                    answer.status().subCode());
        } else {
            log.info("DigiD logout in realm {}: IdP confirmed the logout", realm);
        }
        return PostLogoutRedirect.take(session, realm).<Object>map(RealmPages::seeOther).orElse("digid/signed-out");
    }

    private String idpInitiated(DigidRealm digid, SingleLogoutMessage.Request logoutRequest, String relayState,
                                HttpServletRequest request, HttpServletResponse response, Model model) {
        String realm = digid.realm();
        Optional<String> idpSlo = digid.idp().singleLogoutUrl();
        if (idpSlo.isEmpty()) {
            return refused(realm, "the IdP metadata names no HTTP-POST SingleLogoutService to answer to", response);
        }
        HttpSession session = request.getSession(false);
        Object stored = session == null ? null : session.getAttribute(DigidSession.attribute(realm));
        if (stored instanceof DigidSession digidSession && matches(digid, digidSession, logoutRequest)) {
            session.removeAttribute(DigidSession.attribute(realm));
            boolean ended = RealmLogout.current(realm).filter(a -> a.getName().equals(digidSession.identityId()))
                    .flatMap(a -> logout.end(realm, "digid-idp", request, response)).isPresent();
            log.info("DigiD-initiated logout in realm {}: federated identity {}, realm session {}", realm,
                    digidSession.identityId(), ended ? "ended" : "already gone");
        } else {
            log.info("DigiD-initiated logout in realm {}: no matching DigiD session in this browser", realm);
        }
        // Success also when nothing matched: this browser has no session of that principal (SAML Core §3.7.3.2).
        SignedMessage answer = new LogoutResponseFactory(clock, random, digid.spEntityId(),
                digid.credentials().signing()).create(idpSlo.get(), logoutRequest.id(), SamlStatus.SUCCESS);
        model.addAttribute("sloUrl", idpSlo.get());
        model.addAttribute("messageName", "SAMLResponse");
        model.addAttribute("samlMessage", Base64.getEncoder().encodeToString(answer.xml()));
        model.addAttribute("relayState", relayState);
        response.setHeader("Cache-Control", "no-store");
        return "digid/logout-post";
    }

    /** Same resident (sector-coded BSN) and, when the IdP names sessions, one of them is this login's. */
    private boolean matches(DigidRealm digid, DigidSession session, SingleLogoutMessage.Request logoutRequest) {
        if (!session.realm().equals(digid.realm())) {
            return false;
        }
        Optional<Bsn> bsn = identities.bsn(digid.realm(), session.identityId());
        boolean sameResident = bsn.isPresent()
                && (digid.settings().sector() + ":" + bsn.get().value()).equals(logoutRequest.nameId());
        return sameResident && (logoutRequest.sessionIndexes().isEmpty()
                || logoutRequest.sessionIndexes().contains(session.sessionIndex()));
    }

    private String refused(String realm, String why, HttpServletResponse response) {
        log.warn("DigiD single logout message refused in realm {}: {}", realm, why);
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        return "digid/slo-refused";
    }
}
