package nl.toegang.testsupport;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The keys under a test's own Redis prefix. One SCAN call returns only a page of them (how many is up to Redis), so
 * finding or deleting all of them takes the whole cursor loop; tests clean up after themselves with it.
 */
public final class RedisTestKeys {
    private static final int PAGE = 500;

    private RedisTestKeys() {
    }

    /** Every key that starts with {@code prefix}. */
    public static List<String> matching(RedisCommands<String, String> redis, String prefix) {
        List<String> found = new ArrayList<>();
        eachPage(redis, prefix, found::addAll);
        return found;
    }

    /** Deletes every key that starts with {@code prefix}, a page at a time (SCAN tolerates deletes meanwhile). */
    public static void deleteMatching(RedisCommands<String, String> redis, String prefix) {
        eachPage(redis, prefix, keys -> redis.del(keys.toArray(String[]::new)));
    }

    private static void eachPage(RedisCommands<String, String> redis, String prefix, Consumer<List<String>> action) {
        ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(PAGE);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, match);
            if (!page.getKeys().isEmpty()) {
                action.accept(page.getKeys());
            }
            cursor = page;
        } while (!cursor.isFinished());
    }
}
