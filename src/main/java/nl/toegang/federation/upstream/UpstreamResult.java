package nl.toegang.federation.upstream;

import java.util.Optional;

/** How a round trip to an upstream provider ended, as the callback page needs it. */
sealed interface UpstreamResult {
    /**
     * Signed in as federated identity {@code identityId}; continue at {@code continueUrl} (null: realm home).
     *
     * @param acr         the acr Toegang issues for the level the provider asserted; empty when it asserted none we map
     * @param idTokenHint the provider's ID token, kept only as {@code id_token_hint} for its logout
     * @param samlLogout  a SAML IdP's NameID and SessionIndex, kept only in the HTTP session for single logout;
     *                    null for OIDC
     * @param consoleLink the {@link PendingConsoleLink} the login was started for (null: a sign-in)
     */
    record Authenticated(String identityId, Optional<String> acr, String continueUrl, String idTokenHint,
                         SamlLogout samlLogout, String consoleLink) implements UpstreamResult {
        Authenticated(String identityId, Optional<String> acr, String continueUrl, String idTokenHint) {
            this(identityId, acr, continueUrl, idTokenHint, null, null);
        }

        /** Whether ending this login later also has something to tell the provider. */
        boolean endable() {
            return idTokenHint != null || samlLogout != null;
        }

        @Override
        public String toString() {
            return "Authenticated[identityId=" + identityId + ", acr=" + acr + "]";
        }
    }

    /** What SAML single logout needs of a login: the NameID as asserted and the SessionIndex (may be null). */
    record SamlLogout(nl.toegang.saml.SamlNameId nameId, String sessionIndex) implements java.io.Serializable {
        @Override
        public String toString() {
            return "SamlLogout[" + nameId + "]";
        }
    }

    /** The person cancelled, or the provider refused them ({@code access_denied}). */
    record Cancelled() implements UpstreamResult {
    }

    /** The provider could not or did not sign the person in at the level the client asked for. */
    record LevelNotMet() implements UpstreamResult {
    }

    /** The provider could not be reached, or its discovery could not be used: try again later. */
    record Unavailable(String reason) implements UpstreamResult {
    }

    /** Anything else: unknown or used state, mix-up, a refused token; the reason is logged, never shown. */
    record Failed(String reason) implements UpstreamResult {
    }
}
