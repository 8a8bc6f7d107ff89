package nl.toegang.saml;

import nl.toegang.saml.crypto.EnvelopedSigner;
import nl.toegang.saml.xml.XmlWriter;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A generic SAML IdP's metadata ({@link IdpMetadataReader#parseUpstream}): what is pinned, which endpoints, and, for
 * metadata fetched from a URL, the signature by the pinned metadata certificate that is its only trust.
 */
class UpstreamMetadataTest {
    private static final IdpEndpointRule RULE = new IdpEndpointRule(false);
    private static final String ENTITY = "https://idp.university.test/saml";

    private static String metadata(String extraEndpoint) throws Exception {
        return """
                <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
                    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="_md1" entityID="%s"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>%s</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>%s<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.university.test/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>"""
                .formatted(ENTITY, Base64.getEncoder().encodeToString(TestCredential.IDP.certificate().getEncoded()),
                        extraEndpoint);
    }

    private static byte[] signed(String xml, TestCredential signer) {
        Document doc = TestIdp.parse(xml.getBytes(StandardCharsets.UTF_8));
        Element root = doc.getDocumentElement();
        new EnvelopedSigner(signer.signing()).sign(root);
        return XmlWriter.toBytes(doc);
    }

    @Test
    void aFileGivesTheEntityTheKeysAndOnlyTheEndpointsItNames() throws Exception {
        UpstreamIdp idp = IdpMetadataReader.parseUpstream(metadata("").getBytes(StandardCharsets.UTF_8), "file", RULE,
                List.of());
        assertThat(idp.entityId()).isEqualTo(ENTITY);
        assertThat(idp.signingKeys()).containsExactly(TestCredential.IDP.publicKey());
        assertThat(idp.ssoPost()).contains("https://idp.university.test/sso");
        assertThat(idp.ssoRedirect()).isEmpty();
        assertThat(idp.artifactResolution()).isEmpty();
    }

    @Test
    void metadataSignedByThePinnedCertificateIsAccepted() throws Exception {
        UpstreamIdp idp = IdpMetadataReader.parseUpstream(signed(metadata(""), TestCredential.ATTACKER), "url", RULE,
                List.of(TestCredential.ATTACKER.publicKey()));
        assertThat(idp.entityId()).isEqualTo(ENTITY);
    }

    @Test
    void unsignedOrForeignSignedOrAlteredMetadataIsRefusedWhereASignatureIsPinned() throws Exception {
        List<java.security.PublicKey> pinned = List.of(TestCredential.SP_SIGNING.publicKey());
        assertThatThrownBy(() -> IdpMetadataReader.parseUpstream(metadata("").getBytes(StandardCharsets.UTF_8),
                "url", RULE, pinned)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metadata signature refused");
        assertThatThrownBy(() -> IdpMetadataReader.parseUpstream(signed(metadata(""), TestCredential.ATTACKER),
                "url", RULE, pinned)).hasMessageContaining("metadata signature refused");
        // A man in the middle swaps the IdP's signing certificate for his own after the metadata was signed.
        String altered = new String(signed(metadata(""), TestCredential.SP_SIGNING), StandardCharsets.UTF_8)
                .replace(Base64.getEncoder().encodeToString(TestCredential.IDP.certificate().getEncoded()),
                        Base64.getEncoder().encodeToString(TestCredential.ATTACKER.certificate().getEncoded()));
        assertThatThrownBy(() -> IdpMetadataReader.parseUpstream(altered.getBytes(StandardCharsets.UTF_8), "url",
                RULE, pinned)).hasMessageContaining("metadata signature refused");
    }

    @Test
    void aPlainHttpEndpointOrADoctypeIsRefused() throws Exception {
        String http = metadata("<md:ArtifactResolutionService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:SOAP\""
                + " Location=\"http://idp.university.test/artifact\" index=\"0\"/>");
        assertThatThrownBy(() -> IdpMetadataReader.parseUpstream(http.getBytes(StandardCharsets.UTF_8), "file", RULE,
                List.of())).hasMessageContaining("plain http");
        String doctype = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + metadata("");
        assertThatThrownBy(() -> IdpMetadataReader.parseUpstream(doctype.getBytes(StandardCharsets.UTF_8), "file",
                RULE, List.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not usable XML");
    }
}
