package nl.toegang.benchmark.scale;

import io.lettuce.core.api.async.RedisAsyncCommands;

import java.util.List;
import java.util.concurrent.Future;

/**
 * How one signed-in browser session is laid out in Redis. The seam exists because the server's session storage is
 * moving to Spring Session right now: when its namespace, serializer or expiration store differ from what
 * {@link SpringSessionIndexedFormat} assumes, only this implementation changes.
 */
public interface SessionFormat {

    /** One live session: an id, the account it belongs to, and the realm it is signed in to. */
    record SeedSession(String id, String accountId, String realm) {
    }

    /** Queues the commands that store {@code session}; the caller flushes the pipeline. */
    List<Future<?>> write(RedisAsyncCommands<byte[], byte[]> redis, SeedSession session);

    /** A Redis key pattern matching everything this format wrote, for clean-up. */
    String keyPattern();
}
