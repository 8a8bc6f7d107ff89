package nl.toegang.outage;

import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import nl.toegang.config.RedisConnectivity;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.Disposable;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * The breakers (one per dependency, see {@link DependencyBreaker}) and what feeds them: the DataSource wrapped so a
 * known-down database is not even tried, Lettuce's connection events for Redis, the readiness indicators
 * {@code database} and {@code redis}, and the log filter that keeps an outage to two lines.
 */
@Configuration(proxyBeanMethods = false)
public class DependencyBreakerConfiguration {

    /** Every DataSource of the application goes through the database breaker. */
    @Bean
    static BeanPostProcessor breakerDataSourcePostProcessor(ObjectProvider<DependencyBreakers> breakers) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource dataSource && !(bean instanceof BreakerDataSource)) {
                    return new BreakerDataSource(dataSource, () -> breakers.getObject().database());
                }
                return bean;
            }
        };
    }

    @Bean
    DependencyBreakers dependencyBreakers(ObjectProvider<DataSource> dataSource,
                                          ObjectProvider<RedisConnectivity> redis, Clock clock,
                                          OutageProperties properties, ObjectProvider<MeterRegistry> registry) {
        Map<Dependency, DependencyBreaker.Probe> probes = new EnumMap<>(Dependency.class);
        probes.put(Dependency.DATABASE, () -> dataSource.getObject() instanceof BreakerDataSource breaker
                ? breaker.probe() : valid(dataSource.getObject()));
        redis.ifAvailable(connectivity -> probes.put(Dependency.REDIS, () -> connectivity.check().serving()));
        return new DependencyBreakers(probes, clock, properties, registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    private static boolean valid(DataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(1);
        }
    }

    /** Readiness component {@code database}. */
    @Bean("database")
    DependencyHealth databaseHealth(DependencyBreakers breakers, DataSource dataSource) {
        return new DependencyHealth(breakers.database(), () -> {
            try (Connection connection = dataSource.getConnection()) {
                return connection.isValid(1) ? Health.up() : Health.down();
            }
        });
    }

    @Bean(destroyMethod = "close")
    AutoCloseable outageLogFilter(DependencyBreakers breakers, ObjectProvider<MeterRegistry> registry) {
        return OutageLogFilter.install(breakers, registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Redis, when shared state lives there ({@code toegang.lockout.store=redis}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "toegang.lockout.store", havingValue = "redis")
    static class RedisBreaker {

        /** Readiness component {@code redis}; on a cluster with the number of masters that answered. */
        @Bean("redis")
        DependencyHealth redisHealth(DependencyBreakers breakers, RedisConnectivity redis) {
            return new DependencyHealth(breakers.redis(), () -> {
                RedisConnectivity.Answer answer = redis.check();
                Health.Builder health = answer.serving() ? Health.up() : Health.down();
                return answer.masters() == null ? health : health.withDetail("masters", answer.masters());
            });
        }

        /**
         * Lettuce knows first: a failed reconnect means Redis is down (no request needs to find out), a connection
         * that is active again is a reason to probe at once, so the node serves again as soon as Lettuce has
         * reconnected rather than at the next probe.
         */
        @Bean(destroyMethod = "dispose")
        Disposable redisConnectionEvents(ClientResources resources, DependencyBreakers breakers) {
            DependencyBreaker redis = breakers.redis();
            return resources.eventBus().get().subscribe(event -> {
                if (event instanceof ReconnectFailedEvent failed) {
                    redis.failed(failed.getCause());
                } else if (event instanceof ConnectionActivatedEvent) {
                    redis.probeSoon();
                }
            });
        }
    }
}
