package nl.toegang.federation.upstream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims the realm file maps from the provider (our name to theirs), read from the verified ID token first and
 * from userinfo for what the ID token lacks: a signed value wins over an unsigned one. Only values of the expected
 * type and size are kept (text for names, email and locale; a boolean for {@code email_verified}); anything else
 * is left out rather than passed on.
 */
final class MappedClaims {
    /** Generous for a name or an address; six such claims in UTF-8, encrypted and base64, fit the row's 8000. */
    static final int MAX_TEXT = 200;

    private MappedClaims() {
    }

    static Map<String, Object> of(Map<String, String> mapping, Map<String, Object> idToken,
                                  Map<String, Object> userinfo) {
        Map<String, Object> mapped = new LinkedHashMap<>();
        mapping.forEach((ours, theirs) -> {
            for (Map<String, Object> source : List.of(idToken, userinfo)) {
                Object value = source.get(theirs);
                if (acceptable(ours, value)) {
                    mapped.put(ours, value);
                    return;
                }
            }
        });
        return mapped;
    }

    private static boolean acceptable(String claim, Object value) {
        if ("email_verified".equals(claim)) {
            return value instanceof Boolean;
        }
        return value instanceof String text && !text.isBlank() && text.length() <= MAX_TEXT;
    }
}
