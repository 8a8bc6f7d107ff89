package nl.toegang.outage;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;

/**
 * The application's DataSource behind the database breaker: while the database is known to be down, asking for a
 * connection fails at once ({@link DependencyDownException}) instead of waiting for the pool's connection timeout,
 * so no request thread is held for it. A connection attempt that fails because the database cannot be reached opens
 * the breaker. Every user of the DataSource (repositories, transactions, Flyway, health) goes through here.
 */
public final class BreakerDataSource extends DelegatingDataSource implements AutoCloseable {
    private final Supplier<DependencyBreaker> breaker;

    /** {@code breaker} is looked up at the first use: the DataSource exists before the breakers do. */
    public BreakerDataSource(DataSource target, Supplier<DependencyBreaker> breaker) {
        super(target);
        this.breaker = breaker;
    }

    @Override
    public Connection getConnection() throws SQLException {
        DependencyBreaker database = open();
        try {
            return super.getConnection();
        } catch (SQLException failure) {
            recordFailure(database, failure);
            throw failure;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        DependencyBreaker database = open();
        try {
            return super.getConnection(username, password);
        } catch (SQLException failure) {
            recordFailure(database, failure);
            throw failure;
        }
    }

    /** A connection straight from the pool, past the breaker: what its probe uses. */
    boolean probe() throws SQLException {
        try (Connection connection = obtainTargetDataSource().getConnection()) {
            return connection.isValid(1);
        }
    }

    private DependencyBreaker open() throws SQLException {
        DependencyBreaker database = breaker.get();
        if (database.isOpen()) {
            database.refused();
            throw new DependencyDownException(Dependency.DATABASE);
        }
        return database;
    }

    private static void recordFailure(DependencyBreaker database, SQLException failure) {
        // A pool timeout without a cause is a pool that is busy, not a database that is gone (Hikari attaches the
        // last connection failure when it could not connect): opening the breaker then would turn load into an outage.
        boolean busyPool = failure instanceof SQLTransientConnectionException && failure.getCause() == null;
        if (!busyPool && DependencyFailures.classify(failure).isPresent()) {
            database.failed(failure);
        }
    }

    /** Closes the pool with the application (the container infers {@code close} from this bean, not the pool). */
    @Override
    public void close() throws Exception {
        if (getTargetDataSource() instanceof AutoCloseable pool) {
            pool.close();
        }
    }
}
