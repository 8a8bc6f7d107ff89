package nl.toegang.federation.digid;

import nl.toegang.saml.DigidLevel;

import java.io.Serializable;
import java.time.Instant;

/**
 * Server-side state of one DigiD round trip, kept in the browser's HTTP session under the opaque RelayState: only the
 * browser that started the login can finish it, and nothing about it travels through DigiD.
 *
 * @param authorizeUrl the realm's saved authorization request, to continue after login (null: realm home)
 */
public record PendingDigidLogin(String realm, String authnRequestId, DigidLevel minimumLevel, String authorizeUrl,
                                Instant createdAt) implements Serializable {
}
