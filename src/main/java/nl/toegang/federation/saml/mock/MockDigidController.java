package nl.toegang.federation.saml.mock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import nl.toegang.config.ConditionalOnMockDigid;
import nl.toegang.federation.digid.DigidRealms;
import nl.toegang.pages.LanguageLinksAdvice;
import nl.toegang.realm.DigidSettings;
import nl.toegang.saml.Bsn;
import nl.toegang.saml.DigidLevel;
import nl.toegang.saml.RedirectBindingVerifier;
import nl.toegang.saml.SamlValidationException;
import nl.toegang.saml.VerifiedRedirect;
import nl.toegang.saml.crypto.EnvelopedSignatureVerifier;
import nl.toegang.saml.xml.Dom;
import nl.toegang.saml.xml.SecureXmlParser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.w3c.dom.Element;

import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static nl.toegang.saml.xml.SamlNamespaces.ASSERTION;
import static nl.toegang.saml.xml.SamlNamespaces.PROTOCOL;

/**
 * The browser side of the built-in mock DigiD (development only; realms may only enable it outside production).
 * Like DigiD, it takes the AuthnRequest by HTTP-Redirect or HTTP-POST and answers one whose signature does not
 * verify with a plain 404, and always answers with an artifact, also when the user cancels.
 */
@Controller
@ConditionalOnMockDigid
public class MockDigidController {
    /** Fictitious test numbers that pass the 11-proef. */
    static final List<String> TEST_BSNS = List.of("999991772", "999993653", "999990019");

    private final DigidRealms realms;
    private final MockDigidIdentity identity;
    private final MockArtifactStore store;
    private final SecureRandom random;
    private final MockPendingRequests<MockRequest> waiting;
    private final Clock clock;

    public MockDigidController(DigidRealms realms, MockDigidIdentity identity, MockArtifactStore store,
                               SecureRandom random, Clock clock) {
        this.realms = realms;
        this.identity = identity;
        this.store = store;
        this.random = random;
        this.waiting = new MockPendingRequests<>("TOEGANG_MOCK_DIGID:", MockRequest.class, random);
        this.clock = clock;
    }

    /** A verified AuthnRequest waiting for the tester's choice. */
    record MockRequest(String realm, String spEntityId, String acsUrl, String requestId, DigidLevel level,
                       String relayState) implements Serializable {
    }

    @GetMapping(MockDigidIdentity.PATH + "/sso")
    String sso(HttpServletRequest request, HttpSession session, Model model) {
        MockRequest verified = verify(request.getQueryString())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return choose(verified, session, model);
    }

    /** HTTP-POST binding: the enveloped signature must verify with a mock SP's key, like DigiD a 404 otherwise. */
    @PostMapping(value = MockDigidIdentity.PATH + "/sso", params = "SAMLRequest")
    String ssoPost(@RequestParam("SAMLRequest") String samlRequest,
                   @RequestParam(name = "RelayState", required = false) String relayState,
                   HttpSession session, Model model) {
        MockRequest verified = verifyPost(samlRequest, relayState)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return choose(verified, session, model);
    }

    private String choose(MockRequest verified, HttpSession session, Model model) {
        return choice(waiting.hold(session, verified), verified, model);
    }

    /**
     * The same choice again by GET: the page's language switch and a reload open this (the switch keeps neither the
     * signed query of the Redirect binding nor a POST). The token only finds a request this browser's session holds
     * and no answer has used.
     */
    @GetMapping(value = MockDigidIdentity.PATH + "/sso", params = "token")
    String ssoAgain(@RequestParam String token, HttpSession session, Model model) {
        return choice(token, waiting.find(session, token), model);
    }

    private String choice(String token, MockRequest verified, Model model) {
        model.addAttribute(LanguageLinksAdvice.LANGUAGE_PATH, MockDigidIdentity.PATH + "/sso?token=" + token);
        model.addAttribute("token", token);
        model.addAttribute("bsns", TEST_BSNS);
        model.addAttribute("levels", DigidLevel.values());
        model.addAttribute("requestedLevel", verified.level());
        return "mock/digid-sso";
    }

    @PostMapping(value = MockDigidIdentity.PATH + "/sso", params = "!SAMLRequest")
    ResponseEntity<Void> answer(@RequestParam String token, @RequestParam(defaultValue = "login") String action,
                                @RequestParam(defaultValue = "") String bsn,
                                @RequestParam(defaultValue = "MIDDEN") String level,
                                @RequestParam(defaultValue = "false") boolean saml4, HttpSession session) {
        MockRequest pending = waiting.take(session, token);
        var sp = realms.serviceProviders(DigidSettings::mock).stream()
                .filter(c -> c.spEntityId().equals(pending.spEntityId())).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST));
        boolean levelNotMet = "nolevel".equals(action);
        // Cancelled or level not met: no person signed in at the mock, so no BSN is needed or kept.
        boolean noLogin = "cancel".equals(action) || levelNotMet;
        if (!noLogin && !Bsn.isValid(bsn)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "not a valid BSN");
        }
        DigidLevel chosen;
        try {
            chosen = DigidLevel.valueOf(level);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown level");
        }
        byte[] index = new byte[20];
        random.nextBytes(index);
        String sessionIndex = "_" + HexFormat.of().formatHex(index);
        MockAnswer answer = new MockAnswer(pending.spEntityId(), pending.acsUrl(), pending.requestId(),
                noLogin ? null : new Bsn(bsn), chosen, saml4,
                sp.credentials().signing().certificate().getPublicKey(),
                sp.credentials().tlsChain().get(0).getPublicKey(), clock.instant(), sessionIndex, levelNotMet);
        if (!noLogin) {
            session.setAttribute(MockLogin.attribute(pending.realm()),
                    new MockLogin(pending.realm(), bsn, sessionIndex));
        }
        String artifact = store.issue(identity.entityId(), answer).encoded();
        String location = pending.acsUrl() + "?SAMLart=" + enc(artifact)
                + (pending.relayState() == null ? "" : "&RelayState=" + enc(pending.relayState()));
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(location)).build();
    }

    /** Which mock SP signed this request, with what it asked for; empty for anything that does not verify. */
    private Optional<MockRequest> verify(String rawQuery) {
        for (DigidRealms.ServiceProvider client : realms.serviceProviders(DigidSettings::mock)) {
            try {
                VerifiedRedirect redirect = new RedirectBindingVerifier(
                        List.of(client.credentials().signing().certificate().getPublicKey()), 64 * 1024)
                        .verify(rawQuery);
                Element authnRequest = redirect.message().getDocumentElement();
                if (!Dom.is(authnRequest, PROTOCOL, "AuthnRequest")) {
                    return Optional.empty();
                }
                return request(client, authnRequest, redirect.relayState());
            } catch (SamlValidationException e) {
                // not this SP's signature (or malformed): try the next, then 404
            }
        }
        return Optional.empty();
    }

    /** Which mock SP signed this POSTed AuthnRequest (enveloped signature, pinned SP key); empty otherwise. */
    private Optional<MockRequest> verifyPost(String samlRequest, String relayState) {
        if (relayState != null && relayState.getBytes(StandardCharsets.UTF_8).length > 80) {
            return Optional.empty();
        }
        Element authnRequest;
        try {
            authnRequest = new SecureXmlParser(64 * 1024).parse(Base64.getMimeDecoder().decode(samlRequest))
                    .getDocumentElement();
        } catch (SamlValidationException | IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!Dom.is(authnRequest, PROTOCOL, "AuthnRequest")
                || !(identity.entityId() + "/sso").equals(authnRequest.getAttribute("Destination"))) {
            return Optional.empty();
        }
        for (DigidRealms.ServiceProvider client : realms.serviceProviders(DigidSettings::mock)) {
            try {
                new EnvelopedSignatureVerifier().verify(authnRequest,
                        List.of(client.credentials().signing().certificate().getPublicKey()), "mock");
                return request(client, authnRequest, relayState);
            } catch (SamlValidationException e) {
                // not this SP's signature (or malformed): try the next, then 404
            }
        }
        return Optional.empty();
    }

    private static Optional<MockRequest> request(DigidRealms.ServiceProvider client, Element authnRequest,
                                                 String relayState) {
        String issuer = Dom.text(Dom.single(authnRequest, ASSERTION, "Issuer", "mock"), "mock");
        if (!issuer.equals(client.spEntityId())) {
            return Optional.empty();
        }
        Element context = Dom.single(authnRequest, PROTOCOL, "RequestedAuthnContext", "mock");
        String classRef = Dom.text(Dom.single(context, ASSERTION, "AuthnContextClassRef", "mock"), "mock");
        DigidLevel level = DigidLevel.fromClassRef(classRef).orElse(DigidLevel.MIDDEN);
        return Optional.of(new MockRequest(client.realm(), client.spEntityId(), client.acsUrl(),
                authnRequest.getAttribute("ID"), level, relayState));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
