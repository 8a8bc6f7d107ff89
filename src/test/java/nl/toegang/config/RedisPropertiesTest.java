package nl.toegang.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Redis Cluster settings are checked when they are bound, with errors that name the setting and the value. */
class RedisPropertiesTest {

    private static RedisProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("toegang.redis", RedisProperties.class);
    }

    @Test
    void commaSeparatedSeedNodesSelectTheCluster() {
        RedisProperties redis = bind(Map.of("toegang.redis.cluster.nodes", "10.0.0.1:7000, redis-2:7001,[::1]:7002"));
        assertThat(redis.clustered()).isTrue();
        assertThat(redis.cluster().nodes()).containsExactly("10.0.0.1:7000", "redis-2:7001", "[::1]:7002");
        assertThat(RedisProperties.Cluster.host("[::1]:7002")).isEqualTo("::1");
        assertThat(RedisProperties.Cluster.port("[::1]:7002")).isEqualTo(7002);
        assertThat(redis.cluster().maxRedirects()).isEqualTo(5);
        assertThat(redis.cluster().topologyRefresh()).isEqualTo(Duration.ofSeconds(30));
        assertThat(RedisConfiguration.clusterUris(redis)).extracting(uri -> uri.getHost() + ":" + uri.getPort())
                .containsExactly("10.0.0.1:7000", "redis-2:7001", "::1:7002");
    }

    @Test
    void withoutSeedNodesItIsStandaloneOrSentinel() {
        assertThat(bind(Map.of("toegang.redis.uri", "redis://127.0.0.1:6379")).clustered()).isFalse();
        assertThat(bind(Map.of()).clustered()).isFalse();
    }

    @Test
    void badSeedNodesAreRefusedWithTheirName() {
        for (var bad : List.of("redis-1", "redis-1:", "redis-1:http", "redis-1:70000", "::1:7000",
                "redis://redis-1:7000")) {
            assertThatThrownBy(() -> new RedisProperties(null, null, 0, null, null, null, null, null,
                    new RedisProperties.Cluster(List.of(bad), 0, null, null)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("toegang.redis.cluster.nodes").hasMessageContaining(bad);
        }
    }

    @Test
    void aUriAndClusterNodesTogetherAreRefused() {
        assertThatThrownBy(() -> new RedisProperties("redis://127.0.0.1:6379", null, 0, null, null, null, null, null,
                new RedisProperties.Cluster(List.of("127.0.0.1:7000"), 0, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("toegang.redis.uri and toegang.redis.cluster.nodes");
    }
}
