package nl.toegang.mfa.passkey.jdbc;

import nl.toegang.mfa.TestDatabase;
import nl.toegang.mfa.passkey.PasskeyRepositoryContract;

/** Passkey storage on H2 (the embedded default). */
class H2PasskeyRepositoryTest extends PasskeyRepositoryContract {

    @Override
    protected TestDatabase openDatabase() {
        return TestDatabase.h2();
    }
}
