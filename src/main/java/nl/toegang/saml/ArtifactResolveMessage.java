package nl.toegang.saml;

/**
 * A signed SOAP ArtifactResolve. Keep {@code id}: the ArtifactResponse must answer it.
 *
 * @param soapEnvelope the bytes to POST (text/xml, SOAP 1.1) over mutual TLS
 */
public record ArtifactResolveMessage(String id, byte[] soapEnvelope) {
}
