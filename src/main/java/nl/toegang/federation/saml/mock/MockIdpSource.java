package nl.toegang.federation.saml.mock;

import nl.toegang.config.ConditionalOnMockDigid;
import nl.toegang.federation.digid.IdpSource;
import nl.toegang.realm.DigidSettings;
import nl.toegang.saml.DigidIdp;
import org.springframework.stereotype.Component;

/** The built-in mock as the IdP of realms with {@code digid.mock: true}; absent when the mock is off. */
@Component
@ConditionalOnMockDigid
public class MockIdpSource implements IdpSource {
    private final MockDigidIdentity identity;

    public MockIdpSource(MockDigidIdentity identity) {
        this.identity = identity;
    }

    @Override
    public boolean serves(DigidSettings settings) {
        return settings.mock();
    }

    @Override
    public DigidIdp idp(DigidSettings settings) {
        return identity.idp();
    }
}
