package nl.toegang.oidc.dpop;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import nl.toegang.lockout.LockoutProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Clock;

/** DPoP collaborators: the proof verifier and its replay store, shared by every node. */
@Configuration(proxyBeanMethods = false)
public class DpopConfiguration {

    /**
     * Redis when Redis is configured; the database otherwise, which every node of a PostgreSQL deployment shares and
     * which the single-node embedded default has anyway. Never node-local memory: a proof refused on one node must
     * be refused on all.
     */
    @Bean
    DpopReplayCache dpopReplayCache(JdbcClient jdbc, Clock clock, LockoutProperties properties,
                                    ObjectProvider<RedisClusterCommands<String, String>> redis) {
        if (properties.store() == LockoutProperties.Store.REDIS) {
            return new RedisDpopReplayCache(redis.getObject(), properties.keyPrefix() + "dpop-jti:", clock);
        }
        return new JdbcDpopReplayCache(jdbc, clock);
    }

    @Bean
    DpopProofVerifier dpopProofVerifier(DpopReplayCache replays, Clock clock) {
        return new DpopProofVerifier(replays, clock);
    }

    @Bean
    DpopReplayPurge dpopReplayPurge(DpopReplayCache replays) {
        return new DpopReplayPurge(replays);
    }

    /** Deletes database rows of proofs that are refused by their age anyway (Redis keys expire by themselves). */
    static final class DpopReplayPurge {
        private final DpopReplayCache replays;

        DpopReplayPurge(DpopReplayCache replays) {
            this.replays = replays;
        }

        @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT10M")
        void purge() {
            if (replays instanceof JdbcDpopReplayCache jdbc) {
                jdbc.purgeExpired();
            }
        }
    }
}
