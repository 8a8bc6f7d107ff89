package nl.toegang.federation.saml.mock;

import jakarta.servlet.http.HttpSession;
import nl.toegang.config.ConditionalOnMockDigid;
import nl.toegang.config.PublicUrl;
import nl.toegang.pages.LanguageLinksAdvice;
import nl.toegang.federation.upstream.SamlSpCertificates;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.realm.UpstreamSettings;
import nl.toegang.saml.EidasPerson;
import nl.toegang.saml.EidasRequest;
import nl.toegang.saml.SamlAnswer;
import nl.toegang.saml.SamlAnswerWriter;
import nl.toegang.saml.SamlStatus;
import nl.toegang.saml.SamlValidationException;
import nl.toegang.saml.crypto.EnvelopedSignatureVerifier;
import nl.toegang.saml.xml.Dom;
import nl.toegang.saml.xml.SecureXmlParser;
import org.apache.xml.security.encryption.XMLCipher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.w3c.dom.Element;

import jakarta.servlet.http.HttpServletResponse;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static nl.toegang.saml.xml.SamlNamespaces.ASSERTION;
import static nl.toegang.saml.xml.SamlNamespaces.PROTOCOL;

/**
 * The browser side of the built-in mock eIDAS node (development only). It takes an AuthnRequest by HTTP-POST whose
 * enveloped signature verifies with the key of a realm's mock eIDAS upstream (anything else: a plain 404), lets the
 * tester choose a country and test person, a level or cancel, and answers by HTTP-POST with what an eIDAS node sends:
 * a Response with one signed Assertion, encrypted to the SP (AES-256-GCM, RSA-OAEP), a transient NameID and the
 * natural-person attributes the request asked for (the minimum data set always), names in Latin script with the
 * original beside them where it is not.
 */
@Controller
@ConditionalOnMockDigid
public class MockEidasController {
    private static final Duration VALIDITY = Duration.ofMinutes(2);
    private static final String TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient";

    /** Fictitious people, one per country; the Greek one has non-Latin names with a transliteration. */
    static final List<TestPerson> PERSONS = List.of(
            new TestPerson("DE", "Erika", "Mustermann", null, null, "1964-08-12", "Female", "Gabler", "Berlin",
                    "<eidas-natural:Thoroughfare>Heidestraße</eidas-natural:Thoroughfare>"
                            + "<eidas-natural:LocatorDesignator>17</eidas-natural:LocatorDesignator>"
                            + "<eidas-natural:PostCode>51147</eidas-natural:PostCode>"
                            + "<eidas-natural:PostName>Köln</eidas-natural:PostName>"),
            new TestPerson("BE", "Jan", "Peeters", null, null, "1985-07-01", "Male", null, "Gent", null),
            new TestPerson("EL", "Georgios", "Papadopoulos", "Γεώργιος", "Παπαδόπουλος", "1979-03-25", "Male",
                    null, "Athens", null),
            new TestPerson("ES", "María", "García López", null, null, "1990-11-30", "Female", null, "Sevilla",
                    null));
    static final List<String> LEVELS = List.of("http://eidas.europa.eu/LoA/low",
            "http://eidas.europa.eu/LoA/substantial", "http://eidas.europa.eu/LoA/high");

    private final RealmRegistry realms;
    private final SamlSpCertificates spCertificates;
    private final PublicUrl publicUrl;
    private final MockEidasNode node;
    private final SecureRandom random;
    private final MockPendingRequests<MockRequest> waiting;
    private final Clock clock;

    public MockEidasController(RealmRegistry realms, PublicUrl publicUrl, MockEidasNode node, SecureRandom random,
                               Clock clock, SamlSpCertificates spCertificates) {
        this.spCertificates = spCertificates;
        this.realms = realms;
        this.publicUrl = publicUrl;
        this.node = node;
        this.random = random;
        this.waiting = new MockPendingRequests<>("TOEGANG_MOCK_EIDAS:", MockRequest.class, random);
        this.clock = clock;
    }

    /** A fictitious citizen; {@code id()} is the stable part of their PersonIdentifier. */
    public record TestPerson(String country, String givenName, String familyName, String givenNameOriginal,
                      String familyNameOriginal, String dateOfBirth, String gender, String birthName,
                      String placeOfBirth, String address) implements Serializable {
        public String key() {
            return country + "-" + familyName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", "");
        }

        public String personIdentifier(String receivingCountry) {
            return country + "/" + receivingCountry + "/MOCK-" + key();
        }
    }

    /** A verified AuthnRequest waiting for the tester's choice. */
    record MockRequest(String realm, String upstream, String spEntityId, String acsUrl, String requestId,
                       String minimumLevel, List<String> requested, String relayState) implements Serializable {
    }

    @PostMapping(value = MockEidasNode.PATH + "/sso", params = "SAMLRequest")
    String sso(@RequestParam("SAMLRequest") String samlRequest,
               @RequestParam(name = "RelayState", required = false) String relayState,
               HttpSession session, Model model) {
        MockRequest verified = verify(samlRequest, relayState)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return choice(waiting.hold(session, verified), verified, model);
    }

    /**
     * The same choice again by GET: the page's language switch and a reload open this (the switch cannot repeat the
     * node's POST). The token only finds a request this browser's session holds and no answer has used.
     */
    @GetMapping(value = MockEidasNode.PATH + "/sso", params = "token")
    String ssoAgain(@RequestParam String token, HttpSession session, Model model) {
        return choice(token, waiting.find(session, token), model);
    }

    private String choice(String token, MockRequest verified, Model model) {
        model.addAttribute(LanguageLinksAdvice.LANGUAGE_PATH, MockEidasNode.PATH + "/sso?token=" + token);
        model.addAttribute("token", token);
        model.addAttribute("persons", PERSONS);
        model.addAttribute("levels", LEVELS);
        model.addAttribute("requestedLevel", verified.minimumLevel());
        model.addAttribute("requestedAttributes", verified.requested());
        return "mock/eidas-sso";
    }

    /** The tester's choice: an auto-submitting form that brings the node's answer to the SP's ACS. */
    @PostMapping(MockEidasNode.PATH + "/answer")
    String answer(@RequestParam String token, @RequestParam(defaultValue = "login") String action,
                  @RequestParam(defaultValue = "") String person, @RequestParam(defaultValue = "") String level,
                  HttpSession session, HttpServletResponse response, Model model) {
        MockRequest pending = waiting.take(session, token);
        UpstreamSettings settings = upstream(pending.realm(), pending.upstream())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST));
        Instant now = clock.instant();
        SamlAnswer.Response answer;
        if ("cancel".equals(action)) {
            answer = new SamlAnswer.Response(id(), now, pending.acsUrl(), pending.requestId(), settings.issuer(),
                    new SamlAnswer.Status("urn:oasis:names:tc:SAML:2.0:status:Responder",
                            "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed", "Cancelled by the citizen"),
                    List.of());
        } else {
            TestPerson chosen = PERSONS.stream().filter(p -> p.key().equals(person)).findFirst()
                    .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown test person"));
            if (!LEVELS.contains(level)) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown level");
            }
            UpstreamSettings.Eidas eidas = settings.saml().flatMap(UpstreamSettings.Saml::eidas).orElseThrow();
            PublicKey spKey = spCertificates.signing(pending.realm(), settings).getPublicKey();
            byte[] nameId = new byte[16];
            random.nextBytes(nameId);
            var assertion = new SamlAnswer.Assertion(id(), now, settings.issuer(),
                    new SamlAnswer.Subject("_" + HexFormat.of().formatHex(nameId), null, pending.requestId(),
                            now.plus(VALIDITY), pending.acsUrl()),
                    new SamlAnswer.Conditions(now.minus(VALIDITY), now.plus(VALIDITY), pending.spEntityId()),
                    id(), level, node.signing(), null,
                    settings.saml().orElseThrow().requireEncryption()
                            ? new SamlAnswer.Encryption(XMLCipher.AES_256_GCM, XMLCipher.RSA_OAEP, spKey, null)
                            : null,
                    attributes(chosen, eidas.receivingCountry(), pending.requested()));
            answer = new SamlAnswer.Response(id(), now, pending.acsUrl(), pending.requestId(), settings.issuer(),
                    new SamlAnswer.Status(SamlStatus.SUCCESS, null, null), List.of(assertion));
        }
        byte[] xml = new SamlAnswerWriter(random).responseBytes(answer);
        model.addAttribute("spAcsUrl", pending.acsUrl());
        model.addAttribute("samlResponse", Base64.getEncoder().encodeToString(xml));
        model.addAttribute("relayState", pending.relayState());
        response.setHeader("Cache-Control", "no-store");
        return "mock/eidas-answer";
    }

    /** The minimum data set always; optional attributes when the request asked for them (or named none at all). */
    private static List<SamlAnswer.Attribute> attributes(TestPerson person, String receivingCountry,
                                                         List<String> requested) {
        List<SamlAnswer.Attribute> attributes = new ArrayList<>();
        attributes.add(attribute(EidasPerson.PERSON_IDENTIFIER, person.personIdentifier(receivingCountry), null));
        attributes.add(attribute(EidasPerson.FAMILY_NAME, person.familyName(), person.familyNameOriginal()));
        attributes.add(attribute(EidasPerson.GIVEN_NAME, person.givenName(), person.givenNameOriginal()));
        attributes.add(attribute(EidasPerson.DATE_OF_BIRTH, person.dateOfBirth(), null));
        if (asked(requested, "Gender")) {
            attributes.add(attribute(EidasPerson.PREFIX + "Gender", person.gender(), null));
        }
        if (asked(requested, "BirthName") && person.birthName() != null) {
            attributes.add(attribute(EidasPerson.PREFIX + "BirthName", person.birthName(), null));
        }
        if (asked(requested, "PlaceOfBirth")) {
            attributes.add(attribute(EidasPerson.PREFIX + "PlaceOfBirth", person.placeOfBirth(), null));
        }
        if (asked(requested, "CurrentAddress") && person.address() != null) {
            attributes.add(attribute(EidasPerson.PREFIX + "CurrentAddress", Base64.getEncoder().encodeToString(
                    person.address().getBytes(StandardCharsets.UTF_8)), null));
        }
        return attributes;
    }

    private static boolean asked(List<String> requested, String name) {
        return requested.isEmpty() || requested.contains(EidasPerson.PREFIX + name);
    }

    private static SamlAnswer.Attribute attribute(String name, String latin, String original) {
        return new SamlAnswer.Attribute(name, List.of(latin), original == null ? List.of() : List.of(original));
    }

    /** Which realm's mock eIDAS upstream signed this POSTed AuthnRequest, and what it asks; empty otherwise. */
    private Optional<MockRequest> verify(String samlRequest, String relayState) {
        if (relayState != null && relayState.getBytes(StandardCharsets.UTF_8).length > 80) {
            return Optional.empty();
        }
        Element request;
        try {
            request = new SecureXmlParser(64 * 1024).parse(Base64.getMimeDecoder().decode(samlRequest))
                    .getDocumentElement();
            if (!Dom.is(request, PROTOCOL, "AuthnRequest") || !node.ssoUrl().equals(request.getAttribute(
                    "Destination"))) {
                return Optional.empty();
            }
            String issuer = Dom.text(Dom.single(request, ASSERTION, "Issuer", "mock"), "mock");
            for (RealmDefinition realm : realms.all()) {
                for (UpstreamSettings upstream : realm.upstreams()) {
                    boolean mock = upstream.saml().flatMap(UpstreamSettings.Saml::eidas)
                            .map(UpstreamSettings.Eidas::mock).orElse(false);
                    String base = publicUrl.issuer(realm.name()) + "/upstream/" + upstream.id() + "/saml";
                    if (!mock || !issuer.equals(base + "/metadata")) {
                        continue;
                    }
                    new EnvelopedSignatureVerifier().verify(request, List.of(
                            spCertificates.signing(realm.name(), upstream).getPublicKey()), "mock");
                    Element context = Dom.single(request, PROTOCOL, "RequestedAuthnContext", "mock");
                    String level = Dom.text(Dom.single(context, ASSERTION, "AuthnContextClassRef", "mock"), "mock");
                    List<String> requested = new ArrayList<>();
                    Dom.optional(request, PROTOCOL, "Extensions", "mock").ifPresent(extensions -> Dom.children(
                            extensions, EidasRequest.NAMESPACE, "RequestedAttributes").forEach(list -> Dom.children(
                            list, EidasRequest.NAMESPACE, "RequestedAttribute").forEach(a -> requested.add(
                            a.getAttribute("Name")))));
                    return Optional.of(new MockRequest(realm.name(), upstream.id(), issuer, base + "/acs",
                            request.getAttribute("ID"), level, requested, relayState));
                }
            }
        } catch (SamlValidationException | IllegalArgumentException e) {
            // malformed, or not signed by the upstream it names: a plain 404
        }
        return Optional.empty();
    }

    private Optional<UpstreamSettings> upstream(String realm, String id) {
        return realms.find(realm).flatMap(r -> r.upstream(id));
    }

    private String id() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return "_" + HexFormat.of().formatHex(bytes);
    }
}
