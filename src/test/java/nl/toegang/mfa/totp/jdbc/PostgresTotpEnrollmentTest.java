package nl.toegang.mfa.totp.jdbc;

import nl.toegang.mfa.TestDatabase;

/** TOTP enrolment on PostgreSQL in a throw-away schema; skipped when unreachable, failing when {@code CI=true}. */
class PostgresTotpEnrollmentTest extends TotpEnrollmentContract {

    @Override
    protected TestDatabase openDatabase() {
        return TestDatabase.postgres();
    }
}
