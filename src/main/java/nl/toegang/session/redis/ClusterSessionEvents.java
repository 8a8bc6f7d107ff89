package nl.toegang.session.redis;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.redis.connection.DefaultMessage;
import org.springframework.data.redis.connection.MessageListener;
import reactor.core.Disposable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Spring Session's "session deleted" and "session expired" signals on a Redis Cluster. They are keyspace
 * notifications ({@code __keyevent@0__:del}, {@code __keyevent@0__:expired}), which Redis publishes only on the node
 * that holds the key and does not spread through the cluster bus, unlike a PUBLISH. Spring Data subscribes on one
 * node, which would miss the sessions of every other master; this subscribes on every master instead and hands each
 * notification to the session repository, so each node of Toegang hears each ending exactly once (and
 * {@code SessionEndClaims} lets one of them report it).
 *
 * <p>When the topology changes (failover, resharding, a master added) it subscribes on the masters again, and sets
 * {@code notify-keyspace-events} on them when Toegang is allowed to: a replica promoted to master must publish too.
 * Subscribing to a channel twice on one node is harmless. Lettuce restores a node's subscriptions when it reconnects.
 */
public final class ClusterSessionEvents implements InitializingBean, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ClusterSessionEvents.class);

    private final RedisClusterClient client;
    private final StatefulRedisClusterConnection<String, String> commands;
    private final MessageListener sessions;
    private final boolean configureKeyspaceEvents;
    private final byte[][] channels;
    private final byte[] deletedChannel;
    private final String namespace;
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cluster-session-events");
        thread.setDaemon(true);
        return thread;
    });
    private StatefulRedisClusterPubSubConnection<byte[], byte[]> pubsub;
    private Disposable topologyChanges;

    /**
     * @param namespace      the repository's key namespace ({@code <prefix>session})
     * @param deletedChannel the repository's deleted channel
     * @param expiredChannel the repository's expired channel
     */
    public ClusterSessionEvents(RedisClusterClient client, StatefulRedisClusterConnection<String, String> commands,
                                MessageListener sessions, boolean configureKeyspaceEvents, String namespace,
                                String deletedChannel, String expiredChannel) {
        this.client = client;
        this.namespace = namespace;
        this.deletedChannel = deletedChannel.getBytes(StandardCharsets.UTF_8);
        String[] channels = {deletedChannel, expiredChannel};
        this.commands = commands;
        this.sessions = sessions;
        this.configureKeyspaceEvents = configureKeyspaceEvents;
        this.channels = new byte[channels.length][];
        for (int i = 0; i < channels.length; i++) {
            this.channels[i] = channels[i].getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void afterPropertiesSet() {
        pubsub = client.connectPubSub(ByteArrayCodec.INSTANCE);
        pubsub.setNodeMessagePropagation(true);
        pubsub.addListener(new RedisClusterPubSubAdapter<>() {
            @Override
            public void message(RedisClusterNode node, byte[] channel, byte[] message) {
                // Never on Lettuce's event loop: the repository reads the session from Redis, and a blocking
                // command issued on the loop that must deliver its own reply only times out.
                dispatcher.execute(() -> deliver(channel, message));
            }
        });
        followMasters();
        topologyChanges = client.getResources().eventBus().get()
                .filter(ClusterTopologyChangedEvent.class::isInstance)
                .subscribe(changed -> dispatcher.execute(this::followMastersAgain));
    }

    private void followMastersAgain() {
        try {
            followMasters();
        } catch (RuntimeException e) {
            // The next topology refresh tries again; a session ending meanwhile is still ended, only its report
            // may wait for Spring Session's cleanup run.
            log.warn("Could not subscribe to session events on the new cluster masters: {}", e.toString());
        }
    }

    private void deliver(byte[] channel, byte[] message) {
        try {
            if (renamedAway(channel, message)) {
                return;
            }
            sessions.onMessage(new DefaultMessage(channel, message), null);
        } catch (RuntimeException e) {
            // As Spring's listener container does: one failed notification must not stop the next ones.
            log.warn("Session event not handled: {}", e.toString());
        }
    }

    /**
     * A login changes the session id; across slots Spring Data renames by DUMP/RESTORE/DEL, and that DEL of the old
     * id's expiry key is a "deleted" notification that a plain RENAME would not give. Spring Session can only report
     * a deletion whose session hash it can still read; when the hash is gone (as after such a rename) it finds
     * nothing and logs the session id. Dropping exactly those notifications here changes no event, only that log.
     */
    private boolean renamedAway(byte[] channel, byte[] message) {
        String expiresPrefix = namespace + ":sessions:expires:";
        String key = new String(message, StandardCharsets.UTF_8);
        if (!Arrays.equals(channel, deletedChannel) || !key.startsWith(expiresPrefix)) {
            return false;
        }
        String id = key.substring(expiresPrefix.length());
        return commands.sync().exists(namespace + ":sessions:" + id) == 0;
    }

    /** Configures and subscribes on every current master (synchronously, so startup fails when it cannot). */
    void followMasters() {
        if (configureKeyspaceEvents) {
            for (RedisClusterNode node : commands.getPartitions()) {
                if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                    var nodeCommands = commands.getConnection(node.getNodeId()).sync();
                    Map<String, String> current = nodeCommands.configGet("notify-keyspace-events");
                    String wanted = withSessionEvents(current.getOrDefault("notify-keyspace-events", ""));
                    if (!wanted.equals(current.get("notify-keyspace-events"))) {
                        nodeCommands.configSet("notify-keyspace-events", wanted);
                    }
                }
            }
        }
        pubsub.sync().upstream().commands().subscribe(channels);
    }

    /** The flags Spring Session needs (keyevent, generic and expired) added to what the node already has. */
    static String withSessionEvents(String flags) {
        StringBuilder wanted = new StringBuilder(flags);
        if (wanted.indexOf("E") < 0) {
            wanted.append('E');
        }
        boolean all = wanted.indexOf("A") >= 0;
        if (!all && wanted.indexOf("g") < 0) {
            wanted.append('g');
        }
        if (!all && wanted.indexOf("x") < 0) {
            wanted.append('x');
        }
        return wanted.toString();
    }

    @Override
    public void destroy() {
        if (topologyChanges != null) {
            topologyChanges.dispose();
        }
        if (pubsub != null) {
            pubsub.close();
        }
        dispatcher.shutdown();
    }
}
