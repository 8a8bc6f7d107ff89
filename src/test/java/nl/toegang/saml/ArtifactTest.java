package nl.toegang.saml;

import nl.toegang.saml.crypto.EnvelopedSignatureVerifier;
import nl.toegang.saml.xml.Dom;
import nl.toegang.saml.xml.SamlNamespaces;
import nl.toegang.saml.xml.SecureXmlParser;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import static nl.toegang.saml.SamlAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** SAMLart parsing and the signed SOAP ArtifactResolve. */
class ArtifactTest {
    private static final byte[] HANDLE = new byte[20];

    static {
        new SecureRandom().nextBytes(HANDLE);
    }

    private static String raw(int typeCode, int index, byte[] sourceId, byte[] handle) {
        ByteBuffer b = ByteBuffer.allocate(4 + sourceId.length + handle.length);
        b.putShort((short) typeCode).putShort((short) index).put(sourceId).put(handle);
        return Base64.getEncoder().encodeToString(b.array());
    }

    @Test
    void parsesAGoodArtifact() {
        String encoded = raw(4, 0, SamlArtifact.sourceIdOf(TestIdp.IDP_ENTITY_ID), HANDLE);
        SamlArtifact artifact = SamlArtifact.parse(encoded, TestIdp.IDP_ENTITY_ID);
        assertThat(artifact.typeCode()).isEqualTo(4);
        assertThat(artifact.endpointIndex()).isZero();
        assertThat(artifact.messageHandle()).isEqualTo(HANDLE);
        assertThat(artifact.encoded()).isEqualTo(encoded);
        assertThat(SamlArtifact.create(TestIdp.IDP_ENTITY_ID, 0, HANDLE)).isEqualTo(artifact);
    }

    @Test
    void refusesWrongLength() {
        assertRefused(SamlReason.ARTIFACT_INVALID, () -> SamlArtifact.parse(
                raw(4, 0, SamlArtifact.sourceIdOf(TestIdp.IDP_ENTITY_ID), new byte[19])));
        assertRefused(SamlReason.ARTIFACT_INVALID, () -> SamlArtifact.parse(
                raw(4, 0, SamlArtifact.sourceIdOf(TestIdp.IDP_ENTITY_ID), new byte[21])));
    }

    @Test
    void refusesWrongTypeCode() {
        assertRefused(SamlReason.ARTIFACT_INVALID, () -> SamlArtifact.parse(
                raw(3, 0, SamlArtifact.sourceIdOf(TestIdp.IDP_ENTITY_ID), HANDLE)));
    }

    @Test
    void refusesArtifactOfAnotherIdp() {
        String encoded = raw(4, 0, SamlArtifact.sourceIdOf("https://evil.example/idp"), HANDLE);
        assertRefused(SamlReason.ARTIFACT_INVALID, () -> SamlArtifact.parse(encoded, TestIdp.IDP_ENTITY_ID));
    }

    @Test
    void refusesGarbage() {
        assertRefused(SamlReason.ARTIFACT_INVALID, () -> SamlArtifact.parse("not base64!"));
        assertRefused(SamlReason.ARTIFACT_INVALID, () -> SamlArtifact.parse(""));
        assertRefused(SamlReason.ARTIFACT_INVALID, () -> SamlArtifact.parse("A".repeat(200)));
    }

    @Test
    void artifactResolveIsSignedSoapAndVerifies() {
        SamlArtifact artifact = SamlArtifact.create(TestIdp.IDP_ENTITY_ID, 0, HANDLE);
        var factory = new ArtifactResolveFactory(TestIdp.CLOCK, new SecureRandom(), TestIdp.SP_ENTITY_ID,
                TestCredential.SP_SIGNING.signing());
        ArtifactResolveMessage message = factory.create(artifact, "https://was-preprod1.digid.nl/saml/idp/resolve");

        Element envelope = new SecureXmlParser().parse(message.soapEnvelope()).getDocumentElement();
        assertThat(envelope.getNamespaceURI()).isEqualTo(SamlNamespaces.SOAP11);
        Element resolve = Dom.single(Dom.single(envelope, SamlNamespaces.SOAP11, "Body", "t"),
                SamlNamespaces.PROTOCOL, "ArtifactResolve", "t");
        assertThat(resolve.getAttribute("ID")).isEqualTo(message.id());
        assertThat(resolve.getAttribute("IssueInstant")).isEqualTo("2025-06-02T10:00:00Z");
        assertThat(Dom.single(resolve, SamlNamespaces.PROTOCOL, "Artifact", "t").getTextContent())
                .isEqualTo(artifact.encoded());
        List<Element> children = Dom.childElements(resolve);
        assertThat(children.get(0).getLocalName()).isEqualTo("Issuer");
        assertThat(children.get(1).getLocalName()).isEqualTo("Signature");

        new EnvelopedSignatureVerifier().verify(resolve, List.of(TestCredential.SP_SIGNING.publicKey()), "t");
        assertRefused(SamlReason.SIGNATURE_INVALID, () -> new EnvelopedSignatureVerifier()
                .verify(resolve, List.of(TestCredential.ATTACKER.publicKey()), "t"));
    }
}
