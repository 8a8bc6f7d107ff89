package nl.toegang.federation.upstream;

import nl.toegang.federation.digid.DevKeyFiles;
import nl.toegang.config.ToegangProperties;
import nl.toegang.federation.digid.FederatedIdentities;
import nl.toegang.saml.AssertionReplayCache;
import nl.toegang.saml.IdpEndpointRule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.security.SecureRandom;
import java.time.Clock;

/** The collaborators of upstream logins; package-private, so nothing outside this package calls a provider. */
@Configuration(proxyBeanMethods = false)
class UpstreamConfiguration {

    @Bean
    BackChannel upstreamBackChannel(ToegangProperties properties) {
        return new BackChannel(properties.production());
    }

    @Bean
    UpstreamProviders upstreamProviders(BackChannel upstreamBackChannel, Clock clock) {
        return new UpstreamProviders(upstreamBackChannel, clock);
    }

    @Bean
    ClientKeys upstreamClientKeys() {
        return new ClientKeys();
    }

    @Bean
    SamlUpstreams samlUpstreams(BackChannel upstreamBackChannel, IdpEndpointRule endpointRule, SecureRandom random,
                                Clock clock, DevKeyFiles devKeys,
                                org.springframework.beans.factory.ObjectProvider<BuiltInEidasNode> node) {
        return new SamlUpstreams(upstreamBackChannel, endpointRule, random, clock, devKeys,
                java.util.Optional.ofNullable(node.getIfAvailable()));
    }

    @Bean
    SamlSpCertificates samlSpCertificates(SamlUpstreams samlUpstreams) {
        return new SamlSpCertificates(samlUpstreams);
    }

    @Bean
    SamlUpstreamLogin samlUpstreamLogin(SamlUpstreams samlUpstreams, FederatedIdentities identities,
                                        AssertionReplayCache replayCache, SecureRandom random, Clock clock) {
        return new SamlUpstreamLogin(samlUpstreams, identities, replayCache, random, clock);
    }

    @Bean
    SamlUpstreamLogout samlUpstreamLogout(SamlUpstreams samlUpstreams, AssertionReplayCache replayCache,
                                          SecureRandom random, Clock clock) {
        return new SamlUpstreamLogout(samlUpstreams, replayCache, random, clock);
    }

    @Bean
    UpstreamLogin upstreamLogin(UpstreamProviders upstreamProviders, BackChannel upstreamBackChannel,
                                FederatedIdentities identities, ClientKeys upstreamClientKeys, SecureRandom random,
                                Clock clock) {
        return new UpstreamLogin(upstreamProviders, upstreamBackChannel, identities, upstreamClientKeys, random,
                clock);
    }
}
