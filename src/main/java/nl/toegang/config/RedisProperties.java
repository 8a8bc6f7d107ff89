package nl.toegang.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

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
        Boolean configureKeyspaceEvents) {

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
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("toegang.redis." + name + " must be positive");
        }
    }

    @Override
    public String toString() {
        return "RedisProperties[host=" + host + ", port=" + port + ", uri=" + (uri == null ? "none" : "****") + "]";
    }
}
