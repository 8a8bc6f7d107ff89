package nl.toegang.federation.digid;

import nl.toegang.saml.IdpEndpointRule;
import nl.toegang.saml.AssertionReplayCache;
import nl.toegang.saml.InMemoryAssertionReplayCache;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import nl.toegang.saml.redis.RedisAssertionReplayCache;
import nl.toegang.config.ToegangProperties;
import nl.toegang.lockout.LockoutProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Shared DigiD collaborators. */
@Configuration(proxyBeanMethods = false)
public class DigidConfiguration {

    /**
     * With Redis configured (several nodes), every node sees every consumed assertion; in memory only this node does,
     * which is right for the single-node embedded default.
     */
    /** Which IdP addresses may be used; the http exception for the development mock is off in production. */
    @Bean
    IdpEndpointRule idpEndpointRule(ToegangProperties properties) {
        return new IdpEndpointRule(properties.production());
    }

    @Bean
    AssertionReplayCache assertionReplayCache(Clock clock, LockoutProperties properties,
                                              ObjectProvider<RedisClusterCommands<String, String>> redis) {
        if (properties.store() == LockoutProperties.Store.REDIS) {
            return new RedisAssertionReplayCache(redis.getObject(), properties.keyPrefix() + "saml-assertion:", clock);
        }
        return new InMemoryAssertionReplayCache(clock, 100_000);
    }
}
