package nl.toegang.benchmark.scale;

import io.lettuce.core.api.async.RedisAsyncCommands;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Spring Session 4.0's {@code RedisIndexedSessionRepository} layout with its defaults (JDK serialization, the
 * minute-based expiration store), as documented in its "Storage Details" and read from the 4.0.4 classes:
 * <pre>
 * HSET   {ns}:sessions:{id} creationTime, lastAccessedTime, maxInactiveInterval, sessionAttr:{name}   TTL timeout+5min
 * SET    {ns}:sessions:expires:{id} ""                                                                 TTL timeout
 * SADD   {ns}:expirations:{expiry rounded up to the minute} expires:{id}                               TTL timeout+5min
 * SADD   {ns}:index:org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME:{principal} {id}
 * </pre>
 * Set members go through the value serializer like everything else, so they are JDK-serialized strings too.
 * Toegang keeps one security context per realm ({@code TOEGANG_SECURITY_CONTEXT:{realm}}); the seeded attribute is
 * a real serialized {@link SecurityContextImpl}, so the stored size matches a signed-in browser.
 */
public final class SpringSessionIndexedFormat implements SessionFormat {
    private static final String PRINCIPAL_INDEX =
            "org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME";

    private final String namespace;
    private final Duration timeout;

    /** @param namespace Spring Session's namespace (default {@code spring:session}), without the trailing colon */
    public SpringSessionIndexedFormat(String namespace, Duration timeout) {
        this.namespace = namespace;
        this.timeout = timeout;
    }

    @Override
    public List<Future<?>> write(RedisAsyncCommands<byte[], byte[]> redis, SeedSession session) {
        Instant now = Instant.now();
        byte[] sessionKey = key("sessions:" + session.id());
        var context = new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(session.accountId(),
                null, List.of(FactorGrantedAuthority.fromAuthority("FACTOR_PASSWORD"))));
        List<Future<?>> sent = new ArrayList<>();
        sent.add(redis.hset(sessionKey, java.util.Map.of(
                bytes("creationTime"), serialize(now.toEpochMilli()),
                bytes("lastAccessedTime"), serialize(now.toEpochMilli()),
                bytes("maxInactiveInterval"), serialize((int) timeout.toSeconds()),
                bytes("sessionAttr:TOEGANG_SECURITY_CONTEXT:" + session.realm()), serialize(context))));
        sent.add(redis.expire(sessionKey, timeout.plusMinutes(5).toSeconds()));
        sent.add(redis.setex(key("sessions:expires:" + session.id()), timeout.toSeconds(), new byte[0]));
        long minute = Duration.ofMinutes(1).toMillis();
        long expiresAt = (now.plus(timeout).toEpochMilli() / minute + 1) * minute;
        byte[] expirations = key("expirations:" + expiresAt);
        sent.add(redis.sadd(expirations, serialize("expires:" + session.id())));
        sent.add(redis.expire(expirations, timeout.plusMinutes(5).toSeconds()));
        sent.add(redis.sadd(key("index:" + PRINCIPAL_INDEX + ":" + session.accountId()), serialize(session.id())));
        return sent;
    }

    @Override
    public String keyPattern() {
        return namespace + ":*";
    }

    private byte[] key(String suffix) {
        return bytes(namespace + ":" + suffix);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] serialize(Serializable value) {
        var out = new ByteArrayOutputStream();
        try (var objects = new ObjectOutputStream(out)) {
            objects.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
