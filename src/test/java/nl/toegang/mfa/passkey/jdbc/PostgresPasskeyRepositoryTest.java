package nl.toegang.mfa.passkey.jdbc;

import nl.toegang.mfa.TestDatabase;
import nl.toegang.mfa.passkey.PasskeyRepositoryContract;

/** Passkey storage on PostgreSQL in a throw-away schema; skipped when unreachable, failing when {@code CI=true}. */
class PostgresPasskeyRepositoryTest extends PasskeyRepositoryContract {

    @Override
    protected TestDatabase openDatabase() {
        return TestDatabase.postgres();
    }
}
