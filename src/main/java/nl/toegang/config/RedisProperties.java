package nl.toegang.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * Redis connection ({@code toegang.redis.*}), used when {@code toegang.lockout.store=redis}. Toegang's own small
 * equivalent of {@code spring.data.redis.*}, shared by the Lua-script client and Spring Session.
 *
 * @param uri      full Lettuce URI such as {@code redis://:password@host:6379/0} or {@code rediss://...} for TLS;
 *                 when set it wins over host, port and password
 * @param host     default 127.0.0.1
 * @param port     default 6379
 * @param password optional; never logged
 * @param timeout  command timeout (default 2s); a login fails closed when Redis does not answer in time
 * @param connectTimeout     TCP connect timeout of the first connection and of every reconnect (default 2s)
 * @param maxReconnectDelay  longest wait between reconnect attempts after Redis went away (default 2s; Lettuce's own
 *                           default of 30s would keep a node unready for up to half a minute after Redis is back)
 * @param configureKeyspaceEvents set {@code notify-keyspace-events Egx} at startup (default true), so sessions that
 *                 expire in Redis are reported; set false where the provider forbids CONFIG, and configure it there
 *                 (on every node of a cluster)
 * @param cluster  Redis Cluster seed nodes; when any are given, Toegang talks to a cluster and {@code uri} must be
 *                 empty (a cluster has no single URI; Sentinel is chosen with a {@code redis-sentinel://} uri)
 */
@Validated
@ConfigurationProperties("toegang.redis")
public record RedisProperties(
        String uri,
        @NotBlank String host,
        @Min(1) @Max(65535) int port,
        String password,
        Duration timeout,
        Duration connectTimeout,
        Duration maxReconnectDelay,
        Boolean configureKeyspaceEvents,
        Cluster cluster) {

    public RedisProperties {
        host = host == null ? "127.0.0.1" : host;
        port = port == 0 ? 6379 : port;
        timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
        maxReconnectDelay = maxReconnectDelay == null ? Duration.ofSeconds(2) : maxReconnectDelay;
        requirePositive("timeout", timeout);
        requirePositive("connect-timeout", connectTimeout);
        requirePositive("max-reconnect-delay", maxReconnectDelay);
        configureKeyspaceEvents = configureKeyspaceEvents == null || configureKeyspaceEvents;
        cluster = cluster == null ? new Cluster(null, 0, null, null) : cluster;
        if (cluster.enabled() && uri != null && !uri.isBlank()) {
            throw new IllegalArgumentException("toegang.redis.uri and toegang.redis.cluster.nodes exclude each other:"
                    + " set the cluster's seed nodes only (password in toegang.redis.password)");
        }
    }

    /** True when Toegang talks to a Redis Cluster. */
    public boolean clustered() {
        return cluster.enabled();
    }

    /**
     * Redis Cluster ({@code toegang.redis.cluster.*}). Keys that one script touches share a hash tag, so every
     * operation stays in one slot; see docs/operations.md.
     *
     * @param nodes           seed nodes as {@code host:port} ({@code [v6addr]:port} for IPv6); Lettuce learns the
     *                        rest of the topology from them
     * @param maxRedirects    MOVED/ASK redirects one command may follow (default 5)
     * @param ssl             TLS to every node (default false)
     * @param topologyRefresh how often the cluster topology is re-read besides the adaptive refresh on
     *                        MOVED/ASK/reconnect (default 30s)
     */
    public record Cluster(List<String> nodes, int maxRedirects, Boolean ssl, Duration topologyRefresh) {
        public Cluster {
            nodes = nodes == null ? List.of() : nodes.stream().map(String::trim).filter(n -> !n.isEmpty()).toList();
            nodes.forEach(Cluster::requireHostAndPort);
            if (maxRedirects < 0) {
                throw new IllegalArgumentException("toegang.redis.cluster.max-redirects must not be negative");
            }
            maxRedirects = maxRedirects == 0 ? 5 : maxRedirects;
            ssl = ssl != null && ssl;
            topologyRefresh = topologyRefresh == null ? Duration.ofSeconds(30) : topologyRefresh;
            requirePositive("cluster.topology-refresh", topologyRefresh);
        }

        public boolean enabled() {
            return !nodes.isEmpty();
        }

        /** The host of a {@code host:port} node, without IPv6 brackets. */
        public static String host(String node) {
            String host = node.substring(0, node.lastIndexOf(':'));
            return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        }

        public static int port(String node) {
            return Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
        }

        private static void requireHostAndPort(String node) {
            int colon = node.lastIndexOf(':');
            String problem = null;
            if (colon <= 0 || colon == node.length() - 1 || node.contains("://")) {
                problem = "is not host:port";
            } else {
                try {
                    int port = Integer.parseInt(node.substring(colon + 1));
                    if (port < 1 || port > 65535) {
                        problem = "has a port outside 1-65535";
                    }
                } catch (NumberFormatException e) {
                    problem = "has no numeric port";
                }
                String host = node.substring(0, colon);
                if (problem == null && host.contains(":") && !(host.startsWith("[") && host.endsWith("]"))) {
                    problem = "is an IPv6 address without brackets ([addr]:port)";
                }
            }
            if (problem != null) {
                throw new IllegalArgumentException("toegang.redis.cluster.nodes: '" + node + "' " + problem);
            }
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("toegang.redis." + name + " must be positive");
        }
    }

    @Override
    public String toString() {
        return "RedisProperties[host=" + host + ", port=" + port + ", uri=" + (uri == null ? "none" : "****")
                + ", cluster=" + cluster.nodes() + "]";
    }
}
