package nl.toegang.realm;

import java.util.List;
import java.util.Optional;

/**
 * Whether a client's tokens are bound to a DPoP key (RFC 9449), per client ({@code dpop:}).
 * <ul>
 *   <li>{@link #OPTIONAL}: a token request with a DPoP proof gets DPoP-bound tokens, one without gets bearer tokens;</li>
 *   <li>{@link #REQUIRED}: every token request needs a valid proof; bearer tokens are never issued.</li>
 * </ul>
 */
public enum DpopPolicy {
    OPTIONAL, REQUIRED;

    public static final List<String> NAMES = List.of("optional", "required");

    static Optional<DpopPolicy> parse(String value) {
        return switch (value) {
            case "optional" -> Optional.of(OPTIONAL);
            case "required" -> Optional.of(REQUIRED);
            default -> Optional.empty();
        };
    }
}
