package nl.toegang.realm;

import java.util.List;
import java.util.Optional;

/**
 * A bundle of security rules a client opts into as a whole ({@code profile:} of a client).
 * <ul>
 *   <li>{@link #STANDARD}: the individual settings apply as written;</li>
 *   <li>{@link #FAPI2}: FAPI 2.0 Security Profile: private_key_jwt only, pushed authorization requests, PKCE S256 and
 *       DPoP-bound tokens, all required. A realm file that contradicts this is refused at startup.</li>
 * </ul>
 */
public enum ClientProfile {
    STANDARD, FAPI2;

    public static final List<String> NAMES = List.of("fapi2");

    static Optional<ClientProfile> parse(String value) {
        return "fapi2".equals(value) ? Optional.of(FAPI2) : Optional.empty();
    }
}
