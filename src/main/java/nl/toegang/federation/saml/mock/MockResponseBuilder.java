package nl.toegang.federation.saml.mock;

import nl.toegang.saml.SamlAnswer;
import nl.toegang.saml.SamlAnswerWriter;
import nl.toegang.saml.SamlStatus;
import nl.toegang.saml.crypto.SigningCredential;
import org.apache.xml.security.encryption.XMLCipher;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * The IdP side of the artifact back channel for the mock: decides what DigiD would say (ArtifactResponse signed,
 * Assertion signed, validity -2/+2 minutes, NameID {@code s00000000:<BSN>}; or the SAML 4 variant with an
 * EncryptedID), a cancel (Responder/AuthnFailed), a level that cannot be met (Responder/NoAuthnContext) or a refused
 * resolution (Requester/RequestDenied). {@link SamlAnswerWriter} turns that into XML.
 */
public final class MockResponseBuilder {
    static final String LEGACY_BSN = "urn:nl-eid-gdi:1.0:id:legacy-BSN";
    private static final String AUTHN_FAILED = "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed";
    private static final String NO_AUTHN_CONTEXT = SamlStatus.NO_AUTHN_CONTEXT;
    private static final String REQUEST_DENIED = "urn:oasis:names:tc:SAML:2.0:status:RequestDenied";
    private static final String RESPONDER = "urn:oasis:names:tc:SAML:2.0:status:Responder";
    private static final String REQUESTER = "urn:oasis:names:tc:SAML:2.0:status:Requester";
    private static final Duration VALIDITY = Duration.ofMinutes(2);

    private final String idpEntityId;
    private final SigningCredential signing;
    private final SecureRandom random;
    private final SamlAnswerWriter writer;

    public MockResponseBuilder(String idpEntityId, SigningCredential signing, SecureRandom random) {
        this.idpEntityId = idpEntityId;
        this.signing = signing;
        this.random = random;
        this.writer = new SamlAnswerWriter(random);
    }

    /** The answer to a resolvable artifact. */
    public byte[] answer(String artifactResolveId, MockAnswer answer, Instant now) {
        SamlAnswer.Status status;
        List<SamlAnswer.Assertion> assertions = List.of();
        if (answer.cancelled()) {
            status = new SamlAnswer.Status(RESPONDER, AUTHN_FAILED, "Authentication cancelled");
        } else if (answer.levelNotMet()) {
            status = new SamlAnswer.Status(RESPONDER, NO_AUTHN_CONTEXT, "Requested level not available");
        } else {
            status = new SamlAnswer.Status(SamlStatus.SUCCESS, null, null);
            assertions = List.of(assertion(answer, now));
        }
        var response = new SamlAnswer.Response(id(), now, answer.acsUrl(), answer.authnRequestId(), idpEntityId,
                status, assertions);
        return writer.bytes(new SamlAnswer.ArtifactResponse(id(), now, artifactResolveId, idpEntityId,
                new SamlAnswer.Status(SamlStatus.SUCCESS, null, null), response, signing));
    }

    /** Unknown, expired or already resolved artifact: DigiD answers Requester/RequestDenied without a Response. */
    public byte[] denied(String artifactResolveId, Instant now) {
        return writer.bytes(new SamlAnswer.ArtifactResponse(id(), now, artifactResolveId, idpEntityId,
                new SamlAnswer.Status(REQUESTER, REQUEST_DENIED, null), null, signing));
    }

    /** SAML 4: the BSN with a NameQualifier in an EncryptedID (AES-256-CBC, key wrapped with RSA-OAEP for the SP). */
    private SamlAnswer.Assertion assertion(MockAnswer answer, Instant now) {
        var subject = answer.saml4()
                ? new SamlAnswer.Subject(answer.bsn().value(), LEGACY_BSN, answer.authnRequestId(),
                now.plus(VALIDITY), answer.acsUrl())
                : new SamlAnswer.Subject("s00000000:" + answer.bsn().value(), null, answer.authnRequestId(),
                now.plus(VALIDITY), answer.acsUrl());
        var encryptNameId = answer.saml4()
                ? new SamlAnswer.Encryption(XMLCipher.AES_256, XMLCipher.RSA_OAEP, answer.encryptionKey(),
                answer.spEntityId())
                : null;
        return new SamlAnswer.Assertion(id(), now, idpEntityId, subject,
                new SamlAnswer.Conditions(now.minus(VALIDITY), now.plus(VALIDITY), answer.spEntityId()),
                answer.sessionIndex(), answer.saml4() ? answer.level().eidasUri() : answer.level().classRef(),
                signing, encryptNameId, null);
    }

    private String id() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return "_" + HexFormat.of().formatHex(bytes);
    }
}
