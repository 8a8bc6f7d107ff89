package nl.toegang.federation.saml.mock;

import nl.toegang.saml.Bsn;
import nl.toegang.saml.DigidLevel;

import java.security.PublicKey;
import java.time.Instant;

/**
 * What the mock will say when its artifact is resolved: the AuthnRequest it answers and either a login ({@code bsn}
 * and {@code level} set), a cancel ({@code bsn} null) or "this level cannot be met" ({@code bsn} null,
 * {@code levelNotMet}: DigiD's Responder/NoAuthnContext, e.g. the person has no app for Substantieel).
 *
 * @param saml4         SAML 4 style: eIDAS level URI and the BSN in an EncryptedID to {@code encryptionKey}
 * @param spTlsKey      the TLS client key that must resolve this artifact (the SP that sent the request)
 * @param sessionIndex  the AuthnStatement's SessionIndex: the mock's name for this login, used again in the
 *                      LogoutRequest it sends when it starts a single logout
 */
public record MockAnswer(String spEntityId, String acsUrl, String authnRequestId, Bsn bsn, DigidLevel level,
                         boolean saml4, PublicKey encryptionKey, PublicKey spTlsKey, Instant createdAt,
                         String sessionIndex, boolean levelNotMet) {
    public boolean cancelled() {
        return bsn == null && !levelNotMet;
    }
}
