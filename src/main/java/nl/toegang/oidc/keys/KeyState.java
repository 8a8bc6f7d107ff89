package nl.toegang.oidc.keys;

/** Life-cycle state of a realm signing key, as stored in {@code signing_key.state}. */
enum KeyState {
    /** Published but not yet signing, so relying parties know it before a rotation. */
    NEXT,
    /** Signs tokens; at most one per realm. */
    ACTIVE,
    /** No longer signs; published until {@code unpublish_after} so tokens it signed stay verifiable. */
    RETIRED
}
