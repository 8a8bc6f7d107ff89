package nl.toegang.federation.saml.mock;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import nl.toegang.config.PublicUrl;
import nl.toegang.federation.digid.DigidRealms;
import nl.toegang.federation.saml.Bsn;
import nl.toegang.federation.saml.SamlValidationException;
import nl.toegang.federation.saml.crypto.EnvelopedSignatureVerifier;
import nl.toegang.federation.saml.xml.Dom;
import nl.toegang.federation.saml.xml.SecureXmlParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static nl.toegang.federation.saml.xml.SamlNamespaces.ASSERTION;
import static nl.toegang.federation.saml.xml.SamlNamespaces.PROTOCOL;

/**
 * Single logout at the built-in mock DigiD (development only): a LogoutRequest by HTTP-POST, its enveloped signature
 * verified with the SP's key from the realm (never KeyInfo), Destination and NameID format checked. A bad request
 * gets a 400 page. The mock keeps no login session of its own beyond pending login choices in this browser's HTTP
 * session; those are forgotten. The answer is a page linking back to the realm's {@code /saml/logout/done}.
 */
@Controller
public class MockDigidLogoutController {
    private static final Logger log = LoggerFactory.getLogger(MockDigidLogoutController.class);
    private static final Pattern NAME_ID = Pattern.compile("s\\d{8}:(\\d{9})");
    private static final String MOCK_SESSION_PREFIX = "TOEGANG_MOCK_DIGID:";

    private final DigidRealms realms;
    private final PublicUrl publicUrl;

    public MockDigidLogoutController(DigidRealms realms, PublicUrl publicUrl) {
        this.realms = realms;
        this.publicUrl = publicUrl;
    }

    @PostMapping(MockDigidIdentity.PATH + "/slo")
    String slo(@RequestParam(name = "SAMLRequest", required = false) String samlRequest,
               @RequestParam(name = "RelayState", required = false) String relayState,
               HttpSession session, HttpServletResponse response, Model model) {
        Optional<DigidRealms.MockClient> sp = samlRequest == null ? Optional.empty() : verify(samlRequest);
        if (sp.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("refused", true);
            return "mock/digid-slo";
        }
        for (String name : Collections.list(session.getAttributeNames())) {
            if (name.startsWith(MOCK_SESSION_PREFIX)) {
                session.removeAttribute(name);
            }
        }
        model.addAttribute("refused", false);
        model.addAttribute("doneUrl", publicUrl.issuer(sp.get().realm()) + "/saml/logout/done");
        return "mock/digid-slo";
    }

    /** The mock SP whose key verifies this LogoutRequest; empty for anything malformed or not verifying. */
    private Optional<DigidRealms.MockClient> verify(String samlRequest) {
        try {
            Document doc = new SecureXmlParser().parse(Base64.getMimeDecoder().decode(samlRequest));
            Element logout = doc.getDocumentElement();
            if (!Dom.is(logout, PROTOCOL, "LogoutRequest")
                    || !(publicUrl.value() + MockDigidIdentity.PATH + "/slo").equals(logout.getAttribute("Destination"))
                    || !"2.0".equals(logout.getAttribute("Version"))) {
                log.info("mock DigiD SLO: not a LogoutRequest for this endpoint");
                return Optional.empty();
            }
            String issuer = Dom.text(Dom.single(logout, ASSERTION, "Issuer", "mock-slo"), "mock-slo");
            Optional<DigidRealms.MockClient> client = realms.mockClients().stream()
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
            return client;
        } catch (SamlValidationException | IllegalArgumentException e) {
            // reasons only: the message never names the BSN
            log.info("mock DigiD SLO refused: {}", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
