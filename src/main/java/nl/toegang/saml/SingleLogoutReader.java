package nl.toegang.saml;

import nl.toegang.saml.crypto.EnvelopedSignatureVerifier;
import nl.toegang.saml.xml.Dom;
import nl.toegang.saml.xml.SamlNamespaces;
import nl.toegang.saml.xml.SecureXmlParser;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads a LogoutRequest or LogoutResponse POSTed to a SingleLogoutService (HTTP-POST binding), in the order a
 * reviewer can check against SAML Core §3.7 and Bindings §3.5: size cap; base64; hardened parse (no DOCTYPE);
 * root is {@code samlp:LogoutRequest} or {@code samlp:LogoutResponse}, Version 2.0; enveloped signature verified with
 * the pinned keys only (never KeyInfo; wrapping defences in {@link EnvelopedSignatureVerifier}); Destination is this
 * endpoint; Issuer is the expected peer; IssueInstant is fresh; then the NameID (plain text only) and SessionIndexes,
 * or InResponseTo and Status. Anything else is a {@link SamlValidationException} naming the step.
 */
public final class SingleLogoutReader {
    private static final String STEP = "single logout";

    private final TimeChecks time;
    private final SamlValidationSettings settings;
    private final List<PublicKey> pinnedKeys;
    private final String expectedIssuer;
    private final String endpointUrl;

    public SingleLogoutReader(Clock clock, SamlValidationSettings settings, List<PublicKey> pinnedKeys,
                              String expectedIssuer, String endpointUrl) {
        this.time = new TimeChecks(clock, settings);
        this.settings = settings;
        this.pinnedKeys = List.copyOf(pinnedKeys);
        this.expectedIssuer = expectedIssuer;
        this.endpointUrl = endpointUrl;
    }

    /** @param base64Message the {@code SAMLRequest} or {@code SAMLResponse} form field */
    public SingleLogoutMessage read(String base64Message) {
        if (base64Message == null || base64Message.isEmpty()) {
            throw new SamlValidationException(SamlReason.MISSING_VALUE, STEP + ": no SAML message");
        }
        if (base64Message.length() > settings.maxMessageBytes() * 4L / 3 + 4) {
            throw new SamlValidationException(SamlReason.INPUT_TOO_LARGE, STEP + ": message too large");
        }
        byte[] xml;
        try {
            xml = Base64.getMimeDecoder().decode(base64Message);
        } catch (IllegalArgumentException e) {
            throw new SamlValidationException(SamlReason.MALFORMED_XML, STEP + ": message is not base64");
        }
        return read(new SecureXmlParser(settings.maxMessageBytes()).parse(xml).getDocumentElement());
    }

    /**
     * A LogoutRequest sent over the SOAP binding (the IdP's back channel): the Body's single LogoutRequest, checked
     * like one sent by POST.
     */
    public SingleLogoutMessage.Request readSoapRequest(byte[] soap) {
        Document doc = new SecureXmlParser(settings.maxMessageBytes()).parse(soap);
        return (SingleLogoutMessage.Request) read(SoapEnvelope.payload(doc, "LogoutRequest", STEP));
    }

    /**
     * A message that came by HTTP-Redirect and whose query signature {@link RedirectBindingVerifier} verified with
     * the same pinned keys: every check below except the enveloped signature, which that binding does not carry.
     */
    public SingleLogoutMessage readVerifiedRedirect(VerifiedRedirect redirect) {
        return read(redirect.message().getDocumentElement(), false);
    }

    private SingleLogoutMessage read(Element root) {
        return read(root, true);
    }

    private SingleLogoutMessage read(Element root, boolean envelopedSignature) {
        boolean request = Dom.is(root, SamlNamespaces.PROTOCOL, "LogoutRequest");
        if (!request && !Dom.is(root, SamlNamespaces.PROTOCOL, "LogoutResponse")) {
            throw new SamlValidationException(SamlReason.UNEXPECTED_STRUCTURE,
                    STEP + ": root is not a LogoutRequest or LogoutResponse");
        }
        if (!SamlNamespaces.VERSION_2_0.equals(root.getAttribute("Version"))) {
            throw new SamlValidationException(SamlReason.UNSUPPORTED_VERSION, STEP + ": Version is not 2.0");
        }
        if (envelopedSignature) {
            new EnvelopedSignatureVerifier().verify(root, pinnedKeys, STEP);
        }
        if (!endpointUrl.equals(root.getAttribute("Destination"))) {
            throw new SamlValidationException(SamlReason.DESTINATION_MISMATCH,
                    STEP + ": Destination is not this endpoint");
        }
        String issuer = Dom.text(Dom.single(root, SamlNamespaces.ASSERTION, "Issuer", STEP), STEP);
        if (!expectedIssuer.equals(issuer)) {
            throw new SamlValidationException(SamlReason.ISSUER_MISMATCH, STEP + ": Issuer "
                    + SafeText.quote(issuer) + " is not the expected peer");
        }
        time.issueInstant(root, STEP);
        String id = Dom.requiredAttribute(root, "ID", STEP);
        return request ? request(root, id) : response(root, id);
    }

    private SingleLogoutMessage.Request request(Element root, String id) {
        Dom.optionalInstant(root, "NotOnOrAfter", STEP)
                .ifPresent(notOnOrAfter -> time.notOnOrAfter(notOnOrAfter, "LogoutRequest NotOnOrAfter", STEP));
        Element nameId = Dom.single(root, SamlNamespaces.ASSERTION, "NameID", STEP);
        String value = Dom.text(nameId, SamlReason.NAMEID_NOT_PLAIN_TEXT, STEP);
        List<String> indexes = new ArrayList<>();
        for (Element index : Dom.children(root, SamlNamespaces.PROTOCOL, "SessionIndex")) {
            indexes.add(Dom.text(index, STEP));
        }
        return new SingleLogoutMessage.Request(id, value, indexes);
    }

    private SingleLogoutMessage.Response response(Element root, String id) {
        String inResponseTo = Dom.requiredAttribute(root, "InResponseTo", STEP);
        return new SingleLogoutMessage.Response(id, inResponseTo, StatusReader.read(root, STEP));
    }
}
