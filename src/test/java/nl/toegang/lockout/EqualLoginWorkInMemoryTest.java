package nl.toegang.lockout;

import java.util.Map;

/** {@link EqualLoginWorkContract} with the embedded default: throttle counters in memory, H2. */
class EqualLoginWorkInMemoryTest extends EqualLoginWorkContract {
    @Override
    Map<String, String> storeProperties() {
        return Map.of();
    }

    @Override
    String countingStep() {
        // The in-memory counters do no I/O; the failure's audit row is what shows.
        return "sql INSERT INTO audit_event";
    }
}
