package nl.toegang.mfa.totp.jdbc;

import nl.toegang.mfa.TestDatabase;

/** TOTP enrolment on H2 in memory, the embedded default's database. */
class H2TotpEnrollmentTest extends TotpEnrollmentContract {

    @Override
    protected TestDatabase openDatabase() {
        return TestDatabase.h2();
    }
}
