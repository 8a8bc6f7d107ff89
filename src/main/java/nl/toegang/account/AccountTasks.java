package nl.toegang.account;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import nl.toegang.crypto.KeyedHash;
import nl.toegang.crypto.MasterKey;
import nl.toegang.lockout.InMemoryRateLimiter;
import nl.toegang.lockout.LockoutProperties;
import nl.toegang.lockout.RateLimiter;
import nl.toegang.lockout.RedisRateLimiter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Work that must not run on the request thread: whether it happens (an address has an account or not) would
 * otherwise show in the response time. Registration and reset requests answer at once and finish here.
 */
@Configuration(proxyBeanMethods = false)
public class AccountTasks {
    public static final String EXECUTOR = "accountTaskExecutor";

    @Bean(name = EXECUTOR)
    ThreadPoolTaskExecutor accountTaskExecutor() {
        var executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("account-task-");
        executor.setCorePoolSize(2);
        executor.setMaxPoolSize(4);
        executor.setQueueCapacity(1000);
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(10);
        return executor;
    }

    /**
     * Limits on registration, resend and reset requests, in the same store as the login throttle
     * ({@code toegang.lockout.store}): in Redis every node counts against one limit, in memory each node counts on
     * its own, which is right for the single-node embedded default only.
     */
    @Bean
    RateLimiter selfServiceRateLimiter(LockoutProperties lockout, MasterKey masterKey,
                                       ObjectProvider<RedisClusterCommands<String, String>> redis) {
        if (lockout.store() == LockoutProperties.Store.REDIS) {
            return new RedisRateLimiter(redis.getObject(), KeyedHash.derivedFrom(masterKey, "self-service-rate"),
                    lockout.keyPrefix());
        }
        return new InMemoryRateLimiter(100_000);
    }
}
