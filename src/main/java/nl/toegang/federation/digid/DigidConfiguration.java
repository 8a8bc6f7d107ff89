package nl.toegang.federation.digid;

import nl.toegang.federation.saml.AssertionReplayCache;
import nl.toegang.federation.saml.InMemoryAssertionReplayCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Shared DigiD collaborators. */
@Configuration(proxyBeanMethods = false)
public class DigidConfiguration {

    /** Single node for now; a shared (Redis) implementation of the same interface comes with scale-out. */
    @Bean
    AssertionReplayCache assertionReplayCache(Clock clock) {
        return new InMemoryAssertionReplayCache(clock, 100_000);
    }
}
