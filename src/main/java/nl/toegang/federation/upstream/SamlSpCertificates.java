package nl.toegang.federation.upstream;

import nl.toegang.realm.UpstreamSettings;

import java.security.cert.X509Certificate;

/**
 * Our signing certificate toward a SAML upstream, as the upstream sees it in our SP metadata: the configured one, or
 * for the built-in mock eIDAS node without a configured pair the one the server made at start. The mock node
 * verifies our requests and encrypts its answers with it.
 */
public final class SamlSpCertificates {
    private final SamlUpstreams upstreams;

    SamlSpCertificates(SamlUpstreams upstreams) {
        this.upstreams = upstreams;
    }

    public X509Certificate signing(String realm, UpstreamSettings settings) {
        return upstreams.credentials(realm, settings).signing().certificate();
    }
}
