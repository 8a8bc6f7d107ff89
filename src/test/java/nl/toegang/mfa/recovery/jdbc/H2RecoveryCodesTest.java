package nl.toegang.mfa.recovery.jdbc;

import nl.toegang.mfa.TestDatabase;
import nl.toegang.mfa.recovery.RecoveryCodesContract;

/** Recovery codes on H2 in memory, the embedded default's database. */
class H2RecoveryCodesTest extends RecoveryCodesContract {

    @Override
    protected TestDatabase openDatabase() {
        return TestDatabase.h2();
    }
}
