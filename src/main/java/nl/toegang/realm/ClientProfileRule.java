package nl.toegang.realm;

import nl.toegang.realm.ClientDefinition.ClientType;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a client profile ({@code profile:} of a client) forces, in one place.
 * <p>
 * {@link ClientProfile#FAPI2} (FAPI 2.0 Security Profile §5.3.2): a confidential client with its public keys,
 * authenticating with private_key_jwt only, pushed authorization requests and DPoP-bound tokens required. The
 * profile's settings are the defaults of a client that leaves them out; a client that states a weaker one is refused
 * rather than silently overridden (the realm reader at the offending line, {@link ClientDefinition}'s constructor for
 * any other caller). {@link ClientProfile#STANDARD} forces nothing: the individual settings apply as written.
 */
final class ClientProfileRule {

    private ClientProfileRule() {
    }

    /** Whether a plain authorization request is refused: as declared, else what the profile requires. */
    static boolean requirePushedAuthorizationRequests(ClientProfile profile, Optional<Boolean> declared) {
        return declared.orElse(profile == ClientProfile.FAPI2);
    }

    /** Whether token requests must carry a DPoP proof: as declared, else what the profile requires. */
    static DpopPolicy dpop(ClientProfile profile, Optional<DpopPolicy> declared) {
        return declared.orElse(profile == ClientProfile.FAPI2 ? DpopPolicy.REQUIRED : DpopPolicy.OPTIONAL);
    }

    /**
     * The first requirement of the profile a client breaks, in the order a realm file is checked; empty when it keeps
     * them all.
     */
    static Optional<Violation> violation(ClientProfile profile, ClientType type, boolean hasSecret, boolean hasKeys,
                                         Set<String> authenticationMethods, boolean requirePushedAuthorizationRequests,
                                         DpopPolicy dpop) {
        if (profile != ClientProfile.FAPI2) {
            return Optional.empty();
        }
        if (type != ClientType.CONFIDENTIAL) {
            return violation(profile, "type", "needs a confidential client; make it type: confidential");
        }
        if (hasSecret) {
            return violation(profile, "secret", "allows only private_key_jwt; remove the secret");
        }
        if (!hasKeys) {
            return violation(profile, "profile", "needs the client's public keys; add jwks or jwksUri");
        }
        if (!authenticationMethods.equals(Set.of(ClientDefinition.PRIVATE_KEY_JWT))) {
            return violation(profile, "authenticationMethods", "allows only private_key_jwt as authenticationMethods");
        }
        if (!requirePushedAuthorizationRequests) {
            return violation(profile, "requirePushedAuthorizationRequests", "requires pushed authorization requests;"
                    + " remove requirePushedAuthorizationRequests: false");
        }
        if (dpop != DpopPolicy.REQUIRED) {
            return violation(profile, "dpop", "requires DPoP-bound tokens; remove dpop or set it to required");
        }
        return Optional.empty();
    }

    private static Optional<Violation> violation(ClientProfile profile, String field, String requirement) {
        return Optional.of(new Violation(profile, field, requirement));
    }

    /**
     * A requirement of a profile that a client breaks.
     *
     * @param field       the realm-file field to point at (the client's own line when the field is absent)
     * @param requirement what the profile needs, and how to fix the realm file
     */
    record Violation(ClientProfile profile, String field, String requirement) {
        String message(String label) {
            return label + " has profile " + profile.name().toLowerCase(Locale.ROOT) + ", which " + requirement;
        }
    }
}
