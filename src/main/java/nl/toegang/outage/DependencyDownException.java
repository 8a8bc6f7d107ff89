package nl.toegang.outage;

import java.sql.SQLTransientConnectionException;

/**
 * Thrown instead of trying a connection while the database's breaker is open. A transient connection exception
 * (SQLState {@code 08001}), so it travels like any other "cannot connect" and ends as a 503; its message names no
 * host. No stack trace is filled in: it is an expected answer, thrown for every request during an outage.
 */
public final class DependencyDownException extends SQLTransientConnectionException {

    public DependencyDownException(Dependency dependency) {
        super(dependency.label() + " is known to be unreachable; not tried (its breaker is probing)", "08001");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
