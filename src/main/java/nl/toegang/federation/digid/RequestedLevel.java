package nl.toegang.federation.digid;

import nl.toegang.saml.DigidLevel;

import java.util.List;
import java.util.Optional;

/**
 * Maps a client's {@code acr_values} (eIDAS URIs as in the NL GOV profile; DigiD class refs and level names are
 * understood too) to the DigiD level we request as minimum. The first value we understand counts; the realm's
 * lowest allowed level at or above it is requested, and none (asked above what the realm allows) is empty.
 */
public final class RequestedLevel {
    private RequestedLevel() {
    }

    public static Optional<DigidLevel> choose(String acrValues, DigidLevel defaultLevel, List<DigidLevel> allowed) {
        Optional<DigidLevel> asked = Optional.empty();
        if (acrValues != null) {
            for (String value : acrValues.trim().split("\\s+")) {
                asked = parse(value);
                if (asked.isPresent()) {
                    break;
                }
            }
        }
        if (asked.isEmpty()) {
            return Optional.of(defaultLevel);
        }
        DigidLevel minimum = asked.get();
        return allowed.stream().filter(l -> l.isAtLeast(minimum)).findFirst();
    }

    static Optional<DigidLevel> parse(String value) {
        if ("basis".equalsIgnoreCase(value)) {
            return Optional.of(DigidLevel.BASIS);
        }
        return DigidLevel.fromClassRef(value);
    }
}
