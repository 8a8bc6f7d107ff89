package nl.toegang.saml;

/**
 * A SAML protocol message with an enveloped signature, ready for the HTTP-POST binding (base64 of {@code xml} in a
 * form field). Keep {@code id}: the answer's InResponseTo must name it.
 *
 * @param xml the serialised message, UTF-8
 */
public record SignedMessage(String id, byte[] xml) {
}
