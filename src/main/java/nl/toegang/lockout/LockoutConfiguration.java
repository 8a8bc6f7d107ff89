package nl.toegang.lockout;

import nl.toegang.realm.LockoutPolicy;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import nl.toegang.crypto.MasterKey;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Wires the throttle core to the realms and the configured store ({@code toegang.lockout.store}). */
@Configuration(proxyBeanMethods = false)
public class LockoutConfiguration {

    @Bean
    DeviceCookies deviceCookies(MasterKey masterKey, LockoutProperties properties, Clock clock, SecureRandom random) {
        return new DeviceCookies(masterKey.derive("device-cookie"), properties.deviceCookieLifetime(), clock, random);
    }

    @Bean
    DeviceCookieJar deviceCookieJar(DeviceCookies deviceCookies) {
        return new DeviceCookieJar(deviceCookies);
    }

    @Bean
    RealmThrottles realmThrottles(RealmRegistry realms, LockoutProperties properties, Clock clock,
                                  ObjectProvider<RedisClusterCommands<String, String>> redis) {
        Map<String, LockoutPolicy> policies = new LinkedHashMap<>();
        for (RealmDefinition realm : realms.all()) {
            policies.put(realm.name(), realm.settings().lockout());
        }
        Function<LockoutPolicy, ThrottleStore> storeFor;
        if (properties.store() == LockoutProperties.Store.REDIS) {
            RedisClusterCommands<String, String> connection = redis.getObject();
            storeFor = policy -> new RedisThrottleStore(connection, policy, properties.keyPrefix());
        } else {
            storeFor = policy -> new InMemoryThrottleStore(policy, properties.memoryMaxEntries());
        }
        return new RealmThrottles(policies, storeFor, clock);
    }
}
