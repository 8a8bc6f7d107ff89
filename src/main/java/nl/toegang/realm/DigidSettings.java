package nl.toegang.realm;

import nl.toegang.saml.DigidLevel;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The optional {@code digid:} block of a realm: Toegang as SAML service provider toward DigiD (or the built-in mock).
 * Paths are resolved against the realm file's directory. See docs/realm-file.md and docs/digid.md.
 *
 * @param mock                 use the built-in mock IdP (development only; refused in production)
 * @param idpMetadata          the real IdP's SAML metadata file (required unless {@code mock})
 * @param entityId             our SP entityID; default {@code {issuer}/saml/metadata}
 * @param signingKey           PEM PKCS#8 RSA key that signs AuthnRequests, ArtifactResolves and our metadata
 * @param signingCertificate   PEM certificate of that key (PKIoverheid, with the OIN, for the real DigiD)
 * @param tlsClientKey         PEM PKCS#8 key for the mutual-TLS back channel
 * @param tlsClientCertificate PEM certificate (chain) for the back channel
 * @param defaultLevel         level requested when the client sends no usable acr_values (default midden)
 * @param allowedLevels        levels a client may ask for, lowest first (default: defaultLevel and higher)
 * @param sector               accepted NameID sector code (default s00000000 = BSN)
 * @param authnRequestBinding  how the AuthnRequest is sent (default HTTP-Redirect)
 * @param idpTlsTrust          PEM bundle: the only certificates trusted for the IdP's TLS endpoints (trust anchors, such
 *                             as the PKIoverheid private root, or the pinned server certificate); empty: the JDK's
 *                             trust store
 * @param line                 where the block starts, for later error messages
 */
public record DigidSettings(
        boolean mock,
        Optional<Path> idpMetadata,
        Optional<String> entityId,
        Optional<Path> signingKey,
        Optional<Path> signingCertificate,
        Optional<Path> tlsClientKey,
        Optional<Path> tlsClientCertificate,
        DigidLevel defaultLevel,
        List<DigidLevel> allowedLevels,
        String sector,
        AuthnRequestBinding authnRequestBinding,
        Optional<Path> idpTlsTrust,
        int line) {

    public DigidSettings {
        allowedLevels = List.copyOf(allowedLevels);
        authnRequestBinding = authnRequestBinding == null ? AuthnRequestBinding.REDIRECT : authnRequestBinding;
    }
}
