package nl.toegang.account;

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

    /** In memory for now; a shared store comes with scale-out (several nodes then each count on their own). */
    @Bean
    nl.toegang.lockout.RateLimiter selfServiceRateLimiter() {
        return new nl.toegang.lockout.InMemoryRateLimiter(100_000);
    }
}
