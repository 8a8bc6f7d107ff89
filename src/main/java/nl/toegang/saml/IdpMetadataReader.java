package nl.toegang.saml;

import nl.toegang.saml.DigidIdp;
import nl.toegang.saml.PemFiles;
import nl.toegang.saml.xml.Dom;
import nl.toegang.saml.xml.SecureXmlParser;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads the IdP facts we pin from a SAML metadata file: entityID, signing certificates, the HTTP-Redirect SSO
 * location, the SOAP ArtifactResolutionService and, if present, the HTTP-POST SingleLogoutService and
 * SingleSignOnService. DigiD metadata
 * is exchanged out of band and reloaded by hand, so this reads a local file once at startup. Every endpoint the
 * IDPSSODescriptor names, whatever its binding, must pass the {@link IdpEndpointRule} (https), also those Toegang does
 * not use today: a metadata file with one plain-http address is refused as a whole.
 */
public final class IdpMetadataReader {
    static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";
    static final String REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
    static final String SOAP = "urn:oasis:names:tc:SAML:2.0:bindings:SOAP";
    static final String POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

    private IdpMetadataReader() {
    }

    public static DigidIdp read(Path file, IdpEndpointRule rule) {
        try {
            return parse(Files.readAllBytes(file), file.toString(), rule);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read IdP metadata " + file, e);
        }
    }

    static DigidIdp parse(byte[] xml, String source, IdpEndpointRule rule) {
        Document doc = new SecureXmlParser(1024 * 1024).parse(xml);
        Element entity = doc.getDocumentElement();
        if (!Dom.is(entity, MD, "EntityDescriptor")) {
            throw new IllegalArgumentException(source + ": root is not an md:EntityDescriptor");
        }
        String entityId = entity.getAttribute("entityID");
        Element idp = only(entity, "IDPSSODescriptor", source);
        List<PublicKey> keys = new ArrayList<>();
        for (Element descriptor : Dom.children(idp, MD, "KeyDescriptor")) {
            String use = descriptor.getAttribute("use");
            if (use.isEmpty() || use.equals("signing")) {
                NodeList certs = descriptor.getElementsByTagNameNS(
                        nl.toegang.saml.xml.SamlNamespaces.DSIG, "X509Certificate");
                for (int i = 0; i < certs.getLength(); i++) {
                    byte[] der = Base64.getMimeDecoder().decode(certs.item(i).getTextContent().strip());
                    keys.add(PemFiles.certificates(der).get(0).getPublicKey());
                }
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(source + ": no signing certificate in the IDPSSODescriptor");
        }
        checkEndpoints(idp, source, rule);
        String sso = location(idp, "SingleSignOnService", REDIRECT, source);
        String resolution = location(idp, "ArtifactResolutionService", SOAP, source);
        // Optional: single logout sends the LogoutRequest by POST (it carries the BSN), so only HTTP-POST counts.
        Optional<String> slo = Dom.children(idp, MD, "SingleLogoutService").stream()
                .filter(e -> POST.equals(e.getAttribute("Binding")))
                .map(e -> e.getAttribute("Location"))
                .findFirst();
        Optional<String> ssoPost = Dom.children(idp, MD, "SingleSignOnService").stream()
                .filter(e -> POST.equals(e.getAttribute("Binding")))
                .map(e -> e.getAttribute("Location"))
                .findFirst();
        return new DigidIdp(entityId, sso, resolution, keys, List.of(), slo, ssoPost);
    }

    /**
     * A generic IdP's metadata (an upstream of the realm file): entityID and signing keys, and whichever of the
     * Redirect/POST SingleSignOnService, SOAP ArtifactResolutionService and Redirect/POST SingleLogoutService it
     * names.
     * With {@code metadataKeys} (metadata fetched from a URL), the EntityDescriptor must carry an enveloped signature
     * by one of them; a file given by the operator is trusted as it stands.
     *
     * @throws IllegalArgumentException the metadata cannot be used, saying why
     */
    public static UpstreamIdp parseUpstream(byte[] xml, String source, IdpEndpointRule rule,
                                            List<PublicKey> metadataKeys) {
        Document doc;
        try {
            doc = new SecureXmlParser(1024 * 1024).parse(xml);
        } catch (SamlValidationException e) {
            throw new IllegalArgumentException(source + ": not usable XML (" + e.getMessage() + ")");
        }
        Element entity = doc.getDocumentElement();
        if (!Dom.is(entity, MD, "EntityDescriptor")) {
            throw new IllegalArgumentException(source + ": root is not an md:EntityDescriptor");
        }
        if (!metadataKeys.isEmpty()) {
            try {
                new nl.toegang.saml.crypto.EnvelopedSignatureVerifier().verify(entity, metadataKeys,
                        "metadata signature");
            } catch (SamlValidationException e) {
                throw new IllegalArgumentException(source + ": metadata signature refused (" + e.getMessage() + ")");
            }
        }
        String entityId = entity.getAttribute("entityID");
        if (entityId.isBlank()) {
            throw new IllegalArgumentException(source + ": md:EntityDescriptor has no entityID");
        }
        Element idp = only(entity, "IDPSSODescriptor", source);
        List<PublicKey> keys = signingKeys(idp);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(source + ": no signing certificate in the IDPSSODescriptor");
        }
        checkEndpoints(idp, source, rule);
        return new UpstreamIdp(entityId, keys, optionalLocation(idp, "SingleSignOnService", REDIRECT),
                optionalLocation(idp, "SingleSignOnService", POST),
                optionalLocation(idp, "ArtifactResolutionService", SOAP),
                optionalLocation(idp, "SingleLogoutService", REDIRECT),
                optionalLocation(idp, "SingleLogoutService", POST),
                earliest(validUntil(entity, source), validUntil(idp, source)),
                shortest(cacheDuration(entity, source), cacheDuration(idp, source)));
    }

    /** SAML Metadata §2.3.1: an xs:dateTime; one without a zone is read as UTC. */
    private static Optional<Instant> validUntil(Element element, String source) {
        String value = element.getAttribute("validUntil").strip();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(javax.xml.datatype.DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar(value)
                    .toGregorianCalendar(java.util.TimeZone.getTimeZone("UTC"), null, null).toInstant());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": md:" + element.getLocalName() + " validUntil "
                    + SafeText.quote(value) + " is not an xs:dateTime");
        }
    }

    /** An xs:duration (e.g. PT6H, P1D); months and years counted from 1970 (only an approximate cache hint). */
    private static Optional<Duration> cacheDuration(Element element, String source) {
        String value = element.getAttribute("cacheDuration").strip();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            var duration = javax.xml.datatype.DatatypeFactory.newDefaultInstance().newDuration(value);
            long millis = duration.getTimeInMillis(new java.util.Date(0));
            if (millis < 0) {
                throw new IllegalArgumentException("negative");
            }
            return Optional.of(Duration.ofMillis(millis));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(source + ": md:" + element.getLocalName() + " cacheDuration "
                    + SafeText.quote(value) + " is not a non-negative xs:duration");
        }
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : Optional.of(a.get().isBefore(b.get()) ? a.get() : b.get());
    }

    private static Optional<Duration> shortest(Optional<Duration> a, Optional<Duration> b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : Optional.of(a.get().compareTo(b.get()) < 0 ? a.get() : b.get());
    }

    private static List<PublicKey> signingKeys(Element idp) {
        List<PublicKey> keys = new ArrayList<>();
        for (Element descriptor : Dom.children(idp, MD, "KeyDescriptor")) {
            String use = descriptor.getAttribute("use");
            if (use.isEmpty() || use.equals("signing")) {
                NodeList certs = descriptor.getElementsByTagNameNS(
                        nl.toegang.saml.xml.SamlNamespaces.DSIG, "X509Certificate");
                for (int i = 0; i < certs.getLength(); i++) {
                    byte[] der = Base64.getMimeDecoder().decode(certs.item(i).getTextContent().strip());
                    keys.add(PemFiles.certificates(der).get(0).getPublicKey());
                }
            }
        }
        return keys;
    }

    private static Optional<String> optionalLocation(Element idp, String service, String binding) {
        return Dom.children(idp, MD, service).stream()
                .filter(e -> binding.equals(e.getAttribute("Binding")))
                .map(e -> e.getAttribute("Location"))
                .findFirst();
    }

    /** Every element of the IDPSSODescriptor with a Location (SAML metadata EndpointType), and its ResponseLocation. */
    private static void checkEndpoints(Element idp, String source, IdpEndpointRule rule) {
        for (Element endpoint : Dom.childElements(idp)) {
            for (String attribute : List.of("Location", "ResponseLocation")) {
                if (endpoint.hasAttribute(attribute)) {
                    rule.problem(endpoint.getAttribute(attribute)).ifPresent(problem -> {
                        throw new IllegalArgumentException(source + ": md:" + endpoint.getLocalName() + " "
                                + attribute + " " + problem);
                    });
                }
            }
        }
    }

    private static Element only(Element parent, String name, String source) {
        List<Element> found = Dom.children(parent, MD, name);
        if (found.size() != 1) {
            throw new IllegalArgumentException(source + ": expected one md:" + name);
        }
        return found.get(0);
    }

    private static String location(Element idp, String service, String binding, String source) {
        return Dom.children(idp, MD, service).stream()
                .filter(e -> binding.equals(e.getAttribute("Binding")))
                .map(e -> e.getAttribute("Location"))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(source + ": no md:" + service + " with binding "
                        + binding));
    }
}
