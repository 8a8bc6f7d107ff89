package nl.toegang.federation.digid;

import nl.toegang.realm.DigidSettings;
import nl.toegang.saml.DigidIdp;

/**
 * Where the IdP of a DigiD realm comes from. {@link DigidRealms} asks each source in turn and uses the one that
 * {@linkplain #serves serves} the realm, so it never needs to know what the sources are: the realm's metadata file
 * ({@link MetadataIdpSource}), or in development the built-in mock.
 */
public interface IdpSource {

    /** Whether this source supplies the IdP for a realm with these settings. */
    boolean serves(DigidSettings settings);

    /** The pinned IdP for a realm this source {@linkplain #serves serves}. */
    DigidIdp idp(DigidSettings settings);
}
