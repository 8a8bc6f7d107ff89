package nl.toegang.federation.saml.mock;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import nl.toegang.config.ConditionalOnMockDigid;
import nl.toegang.config.PublicUrl;
import nl.toegang.federation.digid.DigidRealms;
import nl.toegang.realm.DigidSettings;
import nl.toegang.saml.Bsn;
import nl.toegang.saml.LogoutRequestFactory;
import nl.toegang.saml.LogoutResponseFactory;
import nl.toegang.saml.SamlStatus;
import nl.toegang.saml.SamlValidationException;
import nl.toegang.saml.SamlValidationSettings;
import nl.toegang.saml.SignedMessage;
import nl.toegang.saml.SingleLogoutMessage;
import nl.toegang.saml.SingleLogoutReader;
import nl.toegang.saml.SoapEnvelope;
import nl.toegang.saml.crypto.EnvelopedSignatureVerifier;
import nl.toegang.saml.xml.Dom;
import nl.toegang.saml.xml.SecureXmlParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static nl.toegang.saml.xml.SamlNamespaces.ASSERTION;
import static nl.toegang.saml.xml.SamlNamespaces.PROTOCOL;

/**
 * Single logout at the built-in mock DigiD (development only), HTTP-POST binding in both directions.
 *
 * <ul>
 *   <li>SP-initiated: {@code POST /mock-digid/slo} with a LogoutRequest, its enveloped signature verified with the
 *   SP's key from the realm (never KeyInfo), Destination and NameID format checked (a bad request gets a 400 page).
 *   The mock forgets its logins in this browser and answers with a signed LogoutResponse POSTed to the SP's
 *   SingleLogoutService.</li>
 *   <li>IdP-initiated: {@code GET /mock-digid/logout} lists the mock's logins in this browser; the (CSRF-protected)
 *   {@code POST /mock-digid/logout} sends a signed LogoutRequest for one of them to that SP, whose signed
 *   LogoutResponse comes back to {@code POST /mock-digid/slo} and must answer that request. With
 *   {@code channel=soap} the mock instead sends it server to server on the SOAP binding to the SP's
 *   {@code /saml/slo/soap}, as DigiD does toward the other SPs of a resident who logged out, and checks the signed
 *   LogoutResponse in the SOAP answer.</li>
 * </ul>
 */
@Controller
@ConditionalOnMockDigid
public class MockDigidLogoutController {
    private static final Logger log = LoggerFactory.getLogger(MockDigidLogoutController.class);
    private static final Pattern NAME_ID = Pattern.compile("s\\d{8}:(\\d{9})");
    private static final String MOCK_SESSION_PREFIX = "TOEGANG_MOCK_DIGID:";
    private static final String PENDING_PREFIX = MOCK_SESSION_PREFIX + "slo:";

    private final DigidRealms realms;
    private final PublicUrl publicUrl;
    private final MockDigidIdentity identity;
    private final Clock clock;
    private final SecureRandom random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public MockDigidLogoutController(DigidRealms realms, PublicUrl publicUrl, MockDigidIdentity identity, Clock clock,
                                     SecureRandom random) {
        this.realms = realms;
        this.publicUrl = publicUrl;
        this.identity = identity;
        this.clock = clock;
        this.random = random;
    }

    /** A LogoutRequest that verified with the key of this mock SP. */
    private record VerifiedRequest(DigidRealms.ServiceProvider sp, String requestId) {
    }

    @PostMapping(value = MockDigidIdentity.PATH + "/slo", params = "!SAMLResponse")
    String slo(@RequestParam(name = "SAMLRequest", required = false) String samlRequest,
               @RequestParam(name = "RelayState", required = false) String relayState,
               HttpSession session, HttpServletResponse response, Model model) {
        Optional<VerifiedRequest> verified = samlRequest == null ? Optional.empty() : verify(samlRequest);
        if (verified.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("refused", true);
            return "mock/digid-slo";
        }
        forgetLogins(session);
        DigidRealms.ServiceProvider sp = verified.get().sp();
        SignedMessage answer = new LogoutResponseFactory(clock, random, identity.entityId(), identity.signing())
                .create(sp.sloUrl(), verified.get().requestId(), SamlStatus.SUCCESS);
        model.addAttribute("refused", false);
        model.addAttribute("spSloUrl", sp.sloUrl());
        model.addAttribute("messageName", "SAMLResponse");
        model.addAttribute("samlMessage", Base64.getEncoder().encodeToString(answer.xml()));
        model.addAttribute("relayState", relayState);
        return "mock/digid-slo";
    }

    /** The SP's answer to a logout this mock started. */
    @PostMapping(value = MockDigidIdentity.PATH + "/slo", params = "SAMLResponse")
    String answered(@RequestParam(name = "SAMLResponse") String samlResponse,
                    @RequestParam(name = "RelayState", required = false) String relayState,
                    HttpSession session, HttpServletResponse response, Model model) {
        Object pending = relayState == null ? null : session.getAttribute(PENDING_PREFIX + relayState);
        if (relayState != null) {
            session.removeAttribute(PENDING_PREFIX + relayState);
        }
        for (DigidRealms.ServiceProvider sp : realms.serviceProviders(DigidSettings::mock)) {
            try {
                SingleLogoutMessage message = new SingleLogoutReader(clock, SamlValidationSettings.defaults(),
                        List.of(sp.credentials().signing().certificate().getPublicKey()), sp.spEntityId(), sloUrl())
                        .read(samlResponse);
                if (message instanceof SingleLogoutMessage.Response answer && answer.inResponseTo().equals(pending)
                        && answer.loggedOut()) {
                    model.addAttribute("completed", true);
                    return "mock/digid-logout";
                }
            } catch (SamlValidationException e) {
                // not this SP's message (or malformed): try the next, then refuse
            }
        }
        log.info("mock DigiD SLO: LogoutResponse refused");
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        model.addAttribute("refused", true);
        return "mock/digid-slo";
    }

    /** The mock's logins in this browser, each with a button that starts an IdP-initiated logout. */
    @GetMapping(MockDigidIdentity.PATH + "/logout")
    String logins(HttpSession session, Model model) {
        List<MockLogin> logins = new ArrayList<>();
        for (String name : Collections.list(session.getAttributeNames())) {
            if (name.startsWith(MockLogin.ATTRIBUTE_PREFIX) && session.getAttribute(name) instanceof MockLogin login) {
                logins.add(login);
            }
        }
        model.addAttribute("realms", logins.stream().map(MockLogin::realm).sorted().toList());
        model.addAttribute("completed", false);
        return "mock/digid-logout";
    }

    @PostMapping(MockDigidIdentity.PATH + "/logout")
    String start(@RequestParam String realm, @RequestParam(defaultValue = "post") String channel,
                 HttpSession session, Model model) {
        if (!(session.getAttribute(MockLogin.attribute(realm)) instanceof MockLogin login)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "no mock DigiD login for that realm");
        }
        DigidRealms.ServiceProvider sp = realms.serviceProviders(DigidSettings::mock).stream()
                .filter(c -> c.realm().equals(realm)).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "realm does not use the mock"));
        session.removeAttribute(MockLogin.attribute(realm));
        if ("soap".equals(channel)) {
            boolean completed = backChannelLogout(sp, login);
            model.addAttribute("completed", completed);
            model.addAttribute("backChannelFailed", !completed);
            model.addAttribute("realms", List.of());
            return "mock/digid-logout";
        }
        SignedMessage request = new LogoutRequestFactory(clock, random, identity.entityId(), identity.signing())
                .create(sp.sloUrl(), "s00000000", new Bsn(login.bsn()), login.sessionIndex());
        byte[] relay = new byte[16];
        random.nextBytes(relay);
        String relayState = Base64.getUrlEncoder().withoutPadding().encodeToString(relay);
        session.setAttribute(PENDING_PREFIX + relayState, request.id());
        model.addAttribute("refused", false);
        model.addAttribute("spSloUrl", sp.sloUrl());
        model.addAttribute("messageName", "SAMLRequest");
        model.addAttribute("samlMessage", Base64.getEncoder().encodeToString(request.xml()));
        model.addAttribute("relayState", relayState);
        return "mock/digid-slo";
    }

    /**
     * As DigiD does toward the other SPs of a resident who logged out: a signed LogoutRequest over SOAP, server to
     * server, to the SP's SOAP SingleLogoutService; true when the SP's signed LogoutResponse answers it with Success.
     */
    private boolean backChannelLogout(DigidRealms.ServiceProvider sp, MockLogin login) {
        String soapSlo = sp.sloUrl() + "/soap";
        SignedMessage request = new LogoutRequestFactory(clock, random, identity.entityId(), identity.signing())
                .create(soapSlo, "s00000000", new Bsn(login.bsn()), login.sessionIndex());
        try {
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(soapSlo))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "text/xml; charset=utf-8")
                    .header("SOAPAction", "http://www.oasis-open.org/committees/security")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(
                            SoapEnvelope.wrap(new SecureXmlParser().parse(request.xml()))))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                log.info("mock DigiD back-channel logout: SP answered HTTP {}", answer.statusCode());
                return false;
            }
            Element response = SoapEnvelope.payload(new SecureXmlParser().parse(answer.body()), "LogoutResponse",
                    "mock-slo");
            new EnvelopedSignatureVerifier().verify(response,
                    List.of(sp.credentials().signing().certificate().getPublicKey()), "mock-slo");
            return request.id().equals(response.getAttribute("InResponseTo"))
                    && sp.spEntityId().equals(Dom.text(Dom.single(response, ASSERTION, "Issuer", "mock-slo"),
                    "mock-slo"))
                    && SamlStatus.SUCCESS.equals(Dom.single(Dom.single(response, PROTOCOL, "Status", "mock-slo"),
                    PROTOCOL, "StatusCode", "mock-slo").getAttribute("Value"));
        } catch (IOException | SamlValidationException e) {
            log.info("mock DigiD back-channel logout failed: {}", e.getClass().getSimpleName());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String sloUrl() {
        return publicUrl.value() + MockDigidIdentity.PATH + "/slo";
    }

    private static void forgetLogins(HttpSession session) {
        for (String name : Collections.list(session.getAttributeNames())) {
            if (name.startsWith(MOCK_SESSION_PREFIX)) {
                session.removeAttribute(name);
            }
        }
    }

    /** The mock SP whose key verifies this LogoutRequest; empty for anything malformed or not verifying. */
    private Optional<VerifiedRequest> verify(String samlRequest) {
        try {
            Document doc = new SecureXmlParser().parse(Base64.getMimeDecoder().decode(samlRequest));
            Element logout = doc.getDocumentElement();
            if (!Dom.is(logout, PROTOCOL, "LogoutRequest") || !sloUrl().equals(logout.getAttribute("Destination"))
                    || !"2.0".equals(logout.getAttribute("Version"))) {
                log.info("mock DigiD SLO: not a LogoutRequest for this endpoint");
                return Optional.empty();
            }
            String issuer = Dom.text(Dom.single(logout, ASSERTION, "Issuer", "mock-slo"), "mock-slo");
            Optional<DigidRealms.ServiceProvider> client = realms.serviceProviders(DigidSettings::mock).stream()
                    .filter(c -> c.spEntityId().equals(issuer)).findFirst();
            if (client.isEmpty()) {
                log.info("mock DigiD SLO: unknown issuer");
                return Optional.empty();
            }
            new EnvelopedSignatureVerifier().verify(logout,
                    List.of(client.get().credentials().signing().certificate().getPublicKey()), "mock-slo");
            Matcher nameId = NAME_ID.matcher(Dom.text(Dom.single(logout, ASSERTION, "NameID", "mock-slo"),
                    "mock-slo"));
            if (!nameId.matches() || !Bsn.isValid(nameId.group(1))) {
                log.info("mock DigiD SLO: NameID is not 'sXXXXXXXX:<BSN>'");
                return Optional.empty();
            }
            Dom.single(logout, PROTOCOL, "SessionIndex", "mock-slo");
            return Optional.of(new VerifiedRequest(client.get(), Dom.requiredAttribute(logout, "ID", "mock-slo")));
        } catch (SamlValidationException | IllegalArgumentException e) {
            // reasons only: the message never names the BSN
            log.info("mock DigiD SLO refused: {}", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
