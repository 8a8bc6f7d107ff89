package nl.toegang.mfa.recovery.jdbc;

import nl.toegang.mfa.TestDatabase;
import nl.toegang.mfa.recovery.RecoveryCodesContract;

/** Recovery codes on PostgreSQL in a throw-away schema; skipped when unreachable, failing when {@code CI=true}. */
class PostgresRecoveryCodesTest extends RecoveryCodesContract {

    @Override
    protected TestDatabase openDatabase() {
        return TestDatabase.postgres();
    }
}
