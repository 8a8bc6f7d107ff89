package nl.toegang.oidc;

import java.util.Map;

/** The hashed token storage contract on the embedded H2 database (the single-node default). */
class H2HashedTokenStorageTest extends HashedTokenStorageContract {
    @Override
    Map<String, String> database() {
        return Map.of();
    }
}
