package nl.toegang.benchmark.scale;

import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.ByteArrayCodec;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Writes many live sessions into Redis through one pipelined connection, in the layout {@link SessionFormat} gives. */
public final class SessionGenerator {
    private static final int BATCH = 2_000;

    private final SessionFormat format;

    public SessionGenerator(SessionFormat format) {
        this.format = format;
    }

    /** Writes {@code count} sessions of the realm, for accounts chosen from {@code accountIds} in turn. */
    public int generate(RedisClient client, String realm, List<String> accountIds, int count) throws Exception {
        try (var connection = client.connect(ByteArrayCodec.INSTANCE)) {
            connection.setAutoFlushCommands(false);
            var redis = connection.async();
            List<Future<?>> pending = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String account = accountIds.get(i % accountIds.size());
                pending.addAll(format.write(redis, new SessionFormat.SeedSession(UUID.randomUUID().toString(),
                        account, realm)));
                if ((i + 1) % BATCH == 0 || i == count - 1) {
                    connection.flushCommands();
                    for (Future<?> reply : pending) {
                        reply.get(30, TimeUnit.SECONDS); // surfaces a Redis error instead of losing it
                    }
                    pending.clear();
                }
            }
            return count;
        }
    }
}
