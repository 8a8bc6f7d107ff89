package nl.toegang.mfa;

import nl.toegang.mfa.AssuranceLevel;
import nl.toegang.realm.ClientDefinition;
import nl.toegang.realm.MfaPolicy;
import nl.toegang.realm.RealmDefinition;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a login for a given authorization request must reach: the policy (client's own, else the realm's) and the
 * level asked for in {@code acr_values}. Unknown acr values are ignored (OIDC Core 3.1.2.1: they are voluntary);
 * known ones are enforced, except that a realm with MFA off can only ever give a password level.
 */
public final class MfaRequirements {

    private MfaRequirements() {
    }

    public static MfaPolicy policy(RealmDefinition realm, String clientId) {
        Optional<ClientDefinition> client = clientId == null ? Optional.empty() : realm.client(clientId);
        return client.map(c -> c.mfaPolicy(realm.settings())).orElse(realm.settings().mfa());
    }

    /** The lowest rank among the requested known acr values; empty when none is known or none was asked. */
    public static Optional<AssuranceLevel> requestedLevel(String acrValues) {
        if (acrValues == null || acrValues.isBlank()) {
            return Optional.empty();
        }
        return Arrays.stream(acrValues.trim().split("\\s+"))
                .map(AssuranceLevel::fromAcr).flatMap(Optional::stream)
                .min((a, b) -> Integer.compare(a.rank(), b.rank()));
    }

    /** Does a login for this client and acr request need a second factor (given the realm does not switch it off)? */
    public static boolean secondFactorRequired(RealmDefinition realm, String clientId, String acrValues) {
        MfaPolicy policy = policy(realm, clientId);
        if (policy == MfaPolicy.OFF) {
            return false;
        }
        return policy == MfaPolicy.REQUIRED
                || requestedLevel(acrValues).map(l -> l.rank() > AssuranceLevel.PASSWORD.rank()).orElse(false);
    }
}
