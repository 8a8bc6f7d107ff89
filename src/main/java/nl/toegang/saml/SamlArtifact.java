package nl.toegang.saml;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A SAML 2.0 type 0x0004 artifact (Bindings §3.6.4): TypeCode (2 bytes) ‖ EndpointIndex (2) ‖ SourceID (20, the
 * SHA-1 of the issuer's entityID) ‖ MessageHandle (20), base64-encoded. The artifact arrives unsigned in the browser's
 * GET, so it is only a lookup key: we check its shape and that it claims to come from our IdP before resolving it.
 */
public final class SamlArtifact {
    public static final int TYPE_CODE = 0x0004;
    private static final int LENGTH = 44;
    private static final int MAX_ENCODED_LENGTH = 64;

    private final int endpointIndex;
    private final byte[] sourceId;
    private final byte[] messageHandle;
    private final String encoded;

    private SamlArtifact(int endpointIndex, byte[] sourceId, byte[] messageHandle, String encoded) {
        this.endpointIndex = endpointIndex;
        this.sourceId = sourceId;
        this.messageHandle = messageHandle;
        this.encoded = encoded;
    }

    /** Parses and checks length and type code. */
    public static SamlArtifact parse(String encoded) {
        if (encoded == null || encoded.isEmpty() || encoded.length() > MAX_ENCODED_LENGTH) {
            throw invalid("SAMLart is missing or too long");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw invalid("SAMLart is not base64");
        }
        if (raw.length != LENGTH) {
            throw invalid("SAMLart must be " + LENGTH + " bytes, was " + raw.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(raw);
        int typeCode = Short.toUnsignedInt(buffer.getShort());
        if (typeCode != TYPE_CODE) {
            throw invalid("SAMLart type code must be 0x0004, was 0x" + String.format("%04x", typeCode));
        }
        int endpointIndex = Short.toUnsignedInt(buffer.getShort());
        byte[] sourceId = new byte[20];
        byte[] handle = new byte[20];
        buffer.get(sourceId).get(handle);
        return new SamlArtifact(endpointIndex, sourceId, handle, encoded);
    }

    /** Parses and additionally requires the SourceID to be that of {@code idpEntityId}. */
    public static SamlArtifact parse(String encoded, String idpEntityId) {
        SamlArtifact artifact = parse(encoded);
        if (!artifact.isFrom(idpEntityId)) {
            throw invalid("SAMLart SourceID is not the SHA-1 of the IdP entityID");
        }
        return artifact;
    }

    /** For the (mock) IdP side: builds an artifact for {@code idpEntityId}. */
    public static SamlArtifact create(String idpEntityId, int endpointIndex, byte[] messageHandle) {
        if (messageHandle.length != 20) {
            throw new IllegalArgumentException("message handle must be 20 bytes");
        }
        if (endpointIndex < 0 || endpointIndex > 0xFFFF) {
            throw new IllegalArgumentException("endpoint index must be an unsigned short");
        }
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
        buffer.putShort((short) TYPE_CODE).putShort((short) endpointIndex)
                .put(sourceIdOf(idpEntityId)).put(messageHandle);
        return parse(Base64.getEncoder().encodeToString(buffer.array()));
    }

    public static byte[] sourceIdOf(String entityId) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(entityId.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isFrom(String entityId) {
        return MessageDigest.isEqual(sourceId, sourceIdOf(entityId));
    }

    public int typeCode() {
        return TYPE_CODE;
    }

    public int endpointIndex() {
        return endpointIndex;
    }

    public byte[] sourceId() {
        return sourceId.clone();
    }

    public byte[] messageHandle() {
        return messageHandle.clone();
    }

    /** The artifact as sent in SAMLart and in ArtifactResolve/Artifact. */
    public String encoded() {
        return encoded;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SamlArtifact other && encoded.equals(other.encoded);
    }

    @Override
    public int hashCode() {
        return encoded.hashCode();
    }

    @Override
    public String toString() {
        return "SamlArtifact[endpointIndex=" + endpointIndex + "]";
    }

    private static SamlValidationException invalid(String message) {
        return new SamlValidationException(SamlReason.ARTIFACT_INVALID, message);
    }

}
