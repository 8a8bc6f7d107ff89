package nl.toegang.federation.saml.mock;

import nl.toegang.config.ConditionalOnMockDigid;
import nl.toegang.config.PublicUrl;
import nl.toegang.federation.digid.DevCertificates;
import nl.toegang.federation.digid.DevKeyFiles;
import nl.toegang.saml.DigidIdp;
import nl.toegang.saml.IdpEndpointRule;
import nl.toegang.saml.crypto.SigningCredential;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * Who the built-in mock DigiD is: its entityID and URLs, an in-memory signing key and TLS server certificate
 * (generated on first use, new on every start: nothing depends on them surviving a restart), and the port of its
 * artifact resolution service, which is bound before the web server takes requests.
 */
@Component
@ConditionalOnMockDigid
public class MockDigidIdentity {
    /** The one path under which {@link IdpEndpointRule} lets an IdP use plain http (loopback, development). */
    public static final String PATH = IdpEndpointRule.DEVELOPMENT_MOCK_PATH;

    private final PublicUrl publicUrl;
    private final DevKeyFiles keyFiles;
    private volatile int artifactPort = -1;
    private SigningCredential signing;
    private DevCertificates.Generated tls;

    public MockDigidIdentity(PublicUrl publicUrl, DevKeyFiles keyFiles) {
        this.publicUrl = publicUrl;
        this.keyFiles = keyFiles;
    }

    public String entityId() {
        return publicUrl.value() + PATH;
    }

    public synchronized SigningCredential signing() {
        if (signing == null) {
            var generated = keyFiles.once("mock-digid-signing", "mock-digid:signing", "Toegang mock DigiD signing",
                    false);
            signing = new SigningCredential(generated.keyPair().getPrivate(), generated.certificate());
        }
        return signing;
    }

    public synchronized DevCertificates.Generated tls() {
        if (tls == null) {
            tls = keyFiles.once("mock-digid-tls", "mock-digid:tls", "localhost", true);
        }
        return tls;
    }

    void artifactPort(int port) {
        this.artifactPort = port;
    }

    public int artifactPort() {
        if (artifactPort < 0) {
            throw new IllegalStateException("the mock DigiD artifact resolution service is not running");
        }
        return artifactPort;
    }

    public DigidIdp idp() {
        return new DigidIdp(entityId(), publicUrl.value() + PATH + "/sso",
                "https://127.0.0.1:" + artifactPort() + PATH + "/resolve",
                List.of(signing().certificate().getPublicKey()), List.of(tls().certificate()),
                Optional.of(publicUrl.value() + PATH + "/slo"), Optional.of(publicUrl.value() + PATH + "/sso"));
    }
}
