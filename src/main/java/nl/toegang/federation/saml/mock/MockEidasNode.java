package nl.toegang.federation.saml.mock;

import nl.toegang.config.ConditionalOnMockDigid;
import nl.toegang.config.PublicUrl;
import nl.toegang.federation.digid.DevCertificates;
import nl.toegang.federation.upstream.BuiltInEidasNode;
import nl.toegang.realm.UpstreamSettings;
import nl.toegang.saml.UpstreamIdp;
import nl.toegang.saml.crypto.SigningCredential;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The built-in mock eIDAS node (development and tests; absent when the mocks are off, as in the prod profile): the
 * IdP of upstreams with {@code eidas: {mock: true}}. It takes POST-bound AuthnRequests at {@value #PATH}/sso and
 * answers by HTTP-POST with a signed, encrypted assertion in the eIDAS format ({@link MockEidasController}).
 */
@Component
@ConditionalOnMockDigid
public class MockEidasNode implements BuiltInEidasNode {
    public static final String PATH = "/mock-eidas";

    private final PublicUrl publicUrl;
    private final SecureRandom random;
    private final Clock clock;
    private SigningCredential signing;

    public MockEidasNode(PublicUrl publicUrl, SecureRandom random, Clock clock) {
        this.publicUrl = publicUrl;
        this.random = random;
        this.clock = clock;
    }

    /** The node's signing pair, made at first use; it lives as long as this process. */
    public synchronized SigningCredential signing() {
        if (signing == null) {
            var generated = DevCertificates.generate("Toegang mock eIDAS node", false, random, clock.instant());
            signing = new SigningCredential(generated.keyPair().getPrivate(), generated.certificate());
        }
        return signing;
    }

    public String ssoUrl() {
        return publicUrl.value() + PATH + "/sso";
    }

    @Override
    public UpstreamIdp idp(String realm, UpstreamSettings settings) {
        return new UpstreamIdp(settings.issuer(), List.of(signing().certificate().getPublicKey()), Optional.empty(),
                Optional.of(ssoUrl()), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }
}
