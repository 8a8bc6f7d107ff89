package nl.toegang.oidc.keys;

import nl.toegang.realm.RealmDefinition;

import java.time.Duration;

/** How long a realm's retired signing keys stay published: until every token they signed has expired. */
public final class KeyRetention {
    /** Room for clock skew between nodes and for a token issued just before the rotation. */
    private static final Duration MARGIN = Duration.ofMinutes(5);

    private KeyRetention() {
    }

    public static Duration of(RealmDefinition realm) {
        return realm.settings().longestJwtLifetime().plus(MARGIN);
    }
}
