package nl.toegang.mfa;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Base of the storage contract tests: one migrated database per test class, emptied of MFA rows before each test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DatabaseContract {

    protected JdbcClient jdbc;
    protected TransactionTemplate tx;
    private TestDatabase database;
    private TestAbortedException unavailable;

    protected abstract TestDatabase openDatabase();

    @BeforeAll
    void openOnce() {
        try {
            database = openDatabase();
        } catch (TestAbortedException e) {
            // Surefire does not report a skip from @BeforeAll; repeat it per test so each shows as skipped.
            unavailable = e;
            return;
        }
        jdbc = JdbcClient.create(database.dataSource());
        tx = new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()));
    }

    @AfterAll
    void closeOnce() {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void emptyTables() {
        if (unavailable != null) {
            throw unavailable;
        }
        jdbc.sql("delete from mfa_totp").update();
        jdbc.sql("delete from mfa_totp_pending").update();
        jdbc.sql("delete from mfa_recovery_code").update();
    }
}
