package nl.toegang.federation.saml.mock;

import nl.toegang.config.ConditionalOnMockDigid;
import nl.toegang.config.PublicUrl;
import nl.toegang.federation.digid.DevKeyFiles;
import nl.toegang.federation.upstream.BuiltInEidasNode;
import nl.toegang.realm.UpstreamSettings;
import nl.toegang.saml.UpstreamIdp;
import nl.toegang.saml.crypto.SigningCredential;
import org.springframework.stereotype.Component;

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
    private final DevKeyFiles keyFiles;
    private SigningCredential signing;

    public MockEidasNode(PublicUrl publicUrl, DevKeyFiles keyFiles) {
        this.publicUrl = publicUrl;
        this.keyFiles = keyFiles;
    }

    /** The node's signing pair, made once per data directory ({@link DevKeyFiles}). */
    public synchronized SigningCredential signing() {
        if (signing == null) {
            var generated = keyFiles.once("mock-eidas-signing", "mock-eidas:signing", "Toegang mock eIDAS node", false);
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
