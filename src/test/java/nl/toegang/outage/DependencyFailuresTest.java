package nl.toegang.outage;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class DependencyFailuresTest {

    @Test
    void lettuceTransportFailuresAreRedisOutagesWhereverTheyAreWrapped() {
        assertThat(DependencyFailures.classify(new RedisConnectionException("Unable to connect")))
                .contains(Dependency.REDIS);
        assertThat(DependencyFailures.classify(new ServletException("Request processing failed",
                new RedisCommandTimeoutException("Command timed out")))).contains(Dependency.REDIS);
        assertThat(DependencyFailures.classify(new AuthenticationServiceException("x",
                new RedisException("Currently not connected. Commands are rejected.")))).contains(Dependency.REDIS);
        assertThat(DependencyFailures.classify(new RedisLoadingException("LOADING"))).contains(Dependency.REDIS);
    }

    @Test
    void anErrorReplyFromRedisIsABugNotAnOutage() {
        assertThat(DependencyFailures.classify(new RedisCommandExecutionException("ERR wrong number of arguments")))
                .isEmpty();
    }

    @Test
    void aClusterWithoutAMasterForTheSlotIsAnOutage() {
        assertThat(DependencyFailures.classify(new RedisCommandExecutionException("CLUSTERDOWN The cluster is down")))
                .contains(Dependency.REDIS);
        assertThat(DependencyFailures.classify(new RuntimeException(new RedisCommandExecutionException(
                "TRYAGAIN Multiple keys request during rehashing of slot")))).contains(Dependency.REDIS);
        assertThat(DependencyFailures.classify(new RedisCommandExecutionException(
                "CROSSSLOT Keys in request don't hash to the same slot"))).as("a key layout bug stays a 500").isEmpty();
    }

    @Test
    void jdbcConnectionFailuresAreDatabaseOutages() {
        assertThat(DependencyFailures.classify(new CannotGetJdbcConnectionException("no connection",
                new SQLTransientConnectionException("timeout")))).contains(Dependency.DATABASE);
        assertThat(DependencyFailures.classify(new DataAccessResourceFailureException("I/O",
                new SQLException("An I/O error occurred while sending to the backend.", "08006"))))
                .contains(Dependency.DATABASE);
        assertThat(DependencyFailures.classify(new SQLException("terminating connection due to administrator "
                + "command", "57P01"))).contains(Dependency.DATABASE);
    }

    @Test
    void theLostConnectionBehindAFailedRollbackCounts() {
        var rollbackFailed = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollbackFailed.initApplicationException(new DataAccessResourceFailureException("I/O",
                new SQLException("An I/O error occurred", "08006")));
        assertThat(DependencyFailures.classify(new ServletException(rollbackFailed))).contains(Dependency.DATABASE);
    }

    @Test
    void sqlMistakesAndConstraintViolationsStay500() {
        assertThat(DependencyFailures.classify(new BadSqlGrammarException("select", "SELEC 1",
                new SQLException("syntax error", "42601")))).isEmpty();
        assertThat(DependencyFailures.classify(new DataIntegrityViolationException("duplicate",
                new SQLException("duplicate key", "23505")))).isEmpty();
        assertThat(DependencyFailures.classify(new IllegalStateException("bug"))).isEmpty();
        assertThat(DependencyFailures.classify(new TransactionSystemException("commit failed",
                new SQLException("Connection is closed")))).isEmpty();
    }

    @Test
    void aSelfReferencingCauseChainEnds() {
        var first = new IllegalStateException("a");
        var second = new IllegalArgumentException("b", first);
        first.initCause(second);
        assertThat(DependencyFailures.classify(first)).isEmpty();
    }
}
