package nl.toegang.federation.digid;

import nl.toegang.saml.DigidLevel;

/** How a DigiD round trip ended, as the ACS page needs it. */
public sealed interface DigidResult {
    /**
     * Authenticated: sign in as federated identity {@code identityId}, then continue at {@code continueUrl}; the
     * assertion's {@code sessionIndex} is kept for single logout.
     */
    record Authenticated(String identityId, DigidLevel level, String continueUrl, String sessionIndex)
            implements DigidResult {
    }

    /** The resident cancelled at DigiD. */
    record Cancelled() implements DigidResult {
    }

    /** DigiD could not, or did not, authenticate at the level we asked for. */
    record LevelNotMet() implements DigidResult {
    }

    /** Anything else: unknown RelayState, bad artifact, refused response, unreachable back channel. */
    record Failed(String reason) implements DigidResult {
    }
}
