package nl.toegang.saml;

import java.nio.charset.StandardCharsets;

/** DigiD returns RelayState unchecked and caps it at 80 bytes; it must be an opaque key into server-side state. */
final class RelayState {
    static final int MAX_BYTES = 80;

    private RelayState() {
    }

    static void check(String relayState) {
        if (relayState != null && relayState.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new SamlValidationException(SamlReason.RELAY_STATE_TOO_LONG,
                    "RelayState exceeds " + MAX_BYTES + " bytes");
        }
    }
}
