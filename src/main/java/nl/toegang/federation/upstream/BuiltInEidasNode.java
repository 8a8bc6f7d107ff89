package nl.toegang.federation.upstream;

import nl.toegang.realm.UpstreamSettings;
import nl.toegang.saml.UpstreamIdp;

/**
 * The built-in mock eIDAS node as the IdP of an upstream with {@code eidas: {mock: true}} (development and tests
 * only); there is no such bean when the mocks are off, and such an upstream is then unavailable.
 */
public interface BuiltInEidasNode {
    /** The node as its metadata would describe it, for this realm's upstream. */
    UpstreamIdp idp(String realm, UpstreamSettings settings);
}
