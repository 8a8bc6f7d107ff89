package nl.toegang.saml;

/**
 * Why a SAML message was refused. Stable codes for logs and metrics; the human text lives in the exception message.
 */
public enum SamlReason {
    INPUT_TOO_LARGE,
    DOCTYPE_FORBIDDEN,
    MALFORMED_XML,
    UNEXPECTED_STRUCTURE,
    UNSUPPORTED_VERSION,
    MISSING_VALUE,
    STALE_MESSAGE,
    STATUS_NOT_SUCCESS,
    SIGNATURE_MISSING,
    SIGNATURE_INVALID,
    SIGNATURE_REFERENCE_INVALID,
    ALGORITHM_NOT_ALLOWED,
    DUPLICATE_ID,
    IN_RESPONSE_TO_MISMATCH,
    ISSUER_MISMATCH,
    DESTINATION_MISMATCH,
    ASSERTION_COUNT,
    DECRYPTION_FAILED,
    NOT_YET_VALID,
    EXPIRED,
    AUDIENCE_MISMATCH,
    SUBJECT_CONFIRMATION_INVALID,
    RECIPIENT_MISMATCH,
    REPLAYED,
    UNKNOWN_LEVEL,
    LEVEL_TOO_LOW,
    NAMEID_NOT_PLAIN_TEXT,
    NAMEID_MALFORMED,
    SECTOR_NOT_ACCEPTED,
    INVALID_BSN,
    RELAY_STATE_TOO_LONG,
    REDIRECT_MALFORMED,
    REDIRECT_SIGNATURE_INVALID,
    ARTIFACT_INVALID,
    /** A ProxyRestriction forbids what Toegang does with an assertion: issue its own tokens to the realm's clients. */
    PROXY_RESTRICTED,
    /** An IdP address that is not https (see IdpEndpointRule): nothing is sent to it. */
    INSECURE_ENDPOINT,
    /** The realm file requires encrypted assertions and the IdP sent a plain one. */
    ASSERTION_NOT_ENCRYPTED,
    /** An eIDAS answer lacks an attribute of the minimum data set. */
    EIDAS_ATTRIBUTE_MISSING,
    /** An eIDAS attribute value is not of its profile's form (PersonIdentifier, DateOfBirth, a name too long). */
    EIDAS_ATTRIBUTE_MALFORMED
}
