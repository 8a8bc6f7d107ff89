package nl.toegang.outage;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.Collections;

/**
 * Decides whether an exception means "a backing service cannot be reached right now" (answer 503, try again) rather
 * than a bug (500). The whole cause chain is searched, because the failure usually arrives wrapped: in a
 * {@code ServletException} from the dispatcher, an {@code AuthenticationServiceException} from a token filter, or a
 * Spring Data {@code RedisConnectionFailureException} from a session repository.
 *
 * <p>Outages: Lettuce transport failures (cannot connect, command timed out, connection closed or rejected while
 * reconnecting, server still loading or busy), JDBC connection failures (Hikari's wait for a connection timed out,
 * SQLState class {@code 08} connection exceptions, PostgreSQL's {@code 57P0x} shutdown states) and Spring's
 * {@link DataAccessResourceFailureException} around them. A command the Redis server refused (a script error) or an
 * SQL error is a bug and stays a 500, except the Redis Cluster replies that mean "no master serves this slot right
 * now" ({@code CLUSTERDOWN}, {@code TRYAGAIN}, {@code MASTERDOWN}, redirects left over after the allowed number).
 */
public final class DependencyFailures {
    private static final String SPRING_DATA_REDIS = "org.springframework.data.redis.";

    private DependencyFailures() {
    }

    public static Optional<Dependency> classify(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Optional<Dependency> wrapper = Optional.empty();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            Optional<Dependency> direct = direct(t);
            if (direct.isPresent()) {
                return direct;
            }
            if (t instanceof TransactionSystemException tx && tx.getApplicationException() != null) {
                // The rollback after a lost connection fails too ("Connection is closed", no SQLState) and replaces
                // the exception that explains it; the transaction manager keeps that one aside.
                Optional<Dependency> original = classify(tx.getApplicationException());
                if (original.isPresent()) {
                    return original;
                }
            }
            if (wrapper.isEmpty() && t instanceof DataAccessResourceFailureException) {
                // No recognisable cause below it (yet): attribute it by where Spring raised it.
                wrapper = Optional.of(t.getClass().getName().startsWith(SPRING_DATA_REDIS)
                        ? Dependency.REDIS : Dependency.DATABASE);
            }
        }
        return wrapper;
    }

    /**
     * The exception classes of a failure's cause chain, e.g. {@code CannotGetJdbcConnectionException <
     * SQLTransientConnectionException < PSQLException}: enough to tell the cases apart in a log line, without the
     * messages, which can name hosts and ports.
     */
    public static String summary(Throwable failure) {
        StringBuilder chain = new StringBuilder(failure.getClass().getSimpleName());
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(failure);
        int depth = 0;
        for (Throwable t = failure.getCause(); t != null && depth < 5 && seen.add(t); t = t.getCause(), depth++) {
            chain.append(" < ").append(t.getClass().getSimpleName());
        }
        return chain.toString();
    }

    private static Optional<Dependency> direct(Throwable t) {
        if (t instanceof RedisException redis) {
            return redisOutage(redis) ? Optional.of(Dependency.REDIS) : Optional.empty();
        }
        if (t instanceof CannotGetJdbcConnectionException || t instanceof SQLException sql && connectionFailure(sql)) {
            return Optional.of(Dependency.DATABASE);
        }
        return Optional.empty();
    }

    private static boolean redisOutage(RedisException e) {
        if (e instanceof RedisLoadingException || e instanceof RedisBusyException) {
            return true;   // the server is up but cannot serve yet: transient
        }
        if (e instanceof RedisCommandExecutionException && clusterUnavailable(e.getMessage())) {
            return true;   // a cluster without a master for the slot, or mid-failover/resharding: transient
        }
        // An error reply to a command (wrong type, script error) is a bug, not an outage; an interrupt is a shutdown.
        return !(e instanceof RedisCommandExecutionException) && !(e instanceof RedisCommandInterruptedException);
    }

    private static boolean clusterUnavailable(String reply) {
        return reply != null && (reply.startsWith("CLUSTERDOWN") || reply.startsWith("TRYAGAIN")
                || reply.startsWith("MASTERDOWN") || reply.startsWith("MOVED") || reply.startsWith("ASK "));
    }

    private static boolean connectionFailure(SQLException e) {
        if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }
}
