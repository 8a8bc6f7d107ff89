package nl.toegang.realm;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a realm's {@code upstreams:} list: an outside OpenID Provider people may sign in with (identity
 * brokering). Each is its own login method and its own choice on the login page; its people are account-less
 * federated identities with a pairwise {@code sub}, as DigiD's are. See docs/upstream.md.
 *
 * @param id                   URL-safe name, unique in the realm; part of our redirect URI
 *                             {@code {issuer}/upstream/{id}/callback}
 * @param type                 the protocol; only {@link Type#OIDC} so far
 * @param displayName          the provider's name on the login page, in Dutch and English
 * @param who                  who should use this way in (the realm's own wording); empty: a built-in sentence
 * @param issuer               the provider's issuer; discovery is read from
 *                             {@code {issuer}/.well-known/openid-configuration} and must name exactly this issuer
 * @param clientId             our client id at the provider
 * @param clientSecret         our client secret there (for {@code client_secret_basic}); never logged
 * @param clientAuthentication how we authenticate at the provider's token endpoint
 * @param signingKey           PEM PKCS#8 RSA key that signs our client assertions (for {@code private_key_jwt})
 * @param scopes               scopes we ask for; always include {@code openid}
 * @param claims               our claim name to the provider's claim name: what we copy from the ID token (and
 *                             userinfo) into the identity, released to clients by scope as for email accounts
 * @param acr                  the provider's acr values, weakest first, each with the acr we issue for it; empty:
 *                             no acr is passed on, checked or issued
 * @param userinfo             also call the provider's userinfo endpoint (its {@code sub} must match the ID token's)
 * @param linking              whether and how an identity here may be linked to an email account
 * @param saml                 for {@link Type#SAML}: the IdP's metadata and our SP settings; {@code issuer} is then the
 *                             IdP's entityID and {@code clientId} is empty
 * @param line                 where the entry starts, for later error messages
 */
public record UpstreamSettings(
        String id,
        Type type,
        LoginTexts.Text displayName,
        Optional<LoginTexts.Text> who,
        String issuer,
        String clientId,
        Optional<Secret> clientSecret,
        ClientAuthentication clientAuthentication,
        Optional<Path> signingKey,
        List<String> scopes,
        Map<String, String> claims,
        List<AcrLevel> acr,
        boolean userinfo,
        Linking linking,
        Optional<Saml> saml,
        int line) {

    public UpstreamSettings {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        scopes = List.copyOf(scopes);
        // Map.copyOf would lose the order the operator wrote; the order shows in docs and tests only.
        claims = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(claims));
        acr = List.copyOf(acr);
    }

    /** The protocol an upstream speaks. */
    public enum Type {
        OIDC("oidc"),
        SAML("saml");

        private final String value;

        Type(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** How we authenticate at the provider's token endpoint (OIDC Core §9). */
    public enum ClientAuthentication {
        /** Client id and secret with HTTP Basic (RFC 6749 §2.3.1). */
        CLIENT_SECRET_BASIC("client_secret_basic"),
        /** A JWT signed with our key (RFC 7523); the provider knows our public key from our JWKS. */
        PRIVATE_KEY_JWT("private_key_jwt");

        private final String value;

        ClientAuthentication(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** Whether an upstream identity may be linked to an email account; never silently by an email claim. */
    public enum Linking {
        /** Never: the upstream identity is its own account-less identity (the default). */
        NONE("none"),
        /**
         * Offered only when the provider asserts the email and asserts it verified, and made only when the person then
         * signs in to that account in the same browser flow (docs/upstream.md "Linking policy").
         */
        VERIFIED_EMAIL("verified-email"),
        /**
         * Made only from the account console: a signed-in email account holder, after a recent sign-in, signs in at
         * the provider in the same browser and the identity is linked to that account (docs/upstream.md "Linking
         * policy"). For providers that assert no email address, such as an eIDAS node.
         */
        CONSOLE("console");

        private final String value;

        Linking(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /**
     * One assurance level of the provider.
     *
     * @param upstream the acr value the provider asserts (and is asked for in {@code acr_values})
     * @param issued   the acr value our ID tokens carry for it, and that clients ask for in {@code acr_values}
     */
    public record AcrLevel(String upstream, String issued) {
    }

    /**
     * A SAML 2.0 IdP configured from its metadata (docs/upstream.md, "SAML 2.0 IdPs").
     *
     * @param metadataFile        the IdP's metadata, read at startup; empty when {@code metadataUrl} is given
     * @param metadataUrl         an https URL to fetch the metadata from (again after an hour); its signature must be
     *                            by {@code metadataCertificate}
     * @param metadataCertificate PEM certificate that signs the metadata (required with a URL)
     * @param signingKey          our PEM PKCS#8 RSA key: signs AuthnRequests, ArtifactResolves and our metadata,
     *                            decrypts encrypted assertions; empty only for the built-in mock eIDAS node, for
     *                            which the server makes a pair at each start
     * @param signingCertificate  the certificate of {@code signingKey}, published in our SP metadata
     * @param tlsClientKey        our key for mutual TLS at the artifact resolution service; empty: the signing key
     * @param tlsClientCertificate its certificate; empty: the signing certificate
     * @param idpTlsTrust         PEM bundle trusted for the IdP's TLS endpoints; empty: the JDK trust store
     * @param authnRequestBinding how the AuthnRequest travels
     * @param artifactResponse    the IdP answers by HTTP-Artifact (else by HTTP-POST)
     * @param requireEncryption   only EncryptedAssertions are accepted
     * @param eidas               {@code preset: eidas}: the eIDAS node or broker settings (docs/eidas.md)
     * @param digid               {@code preset: digid}: DigiD's sector-coded BSN NameID, its level table as the
     *                            acr list, Comparison="minimum", the BSN kept as for the built-in DigiD route
     */
    public record Saml(Optional<Path> metadataFile, Optional<String> metadataUrl, Optional<Path> metadataCertificate,
                       Optional<Path> signingKey, Optional<Path> signingCertificate, Optional<Path> tlsClientKey,
                       Optional<Path> tlsClientCertificate, Optional<Path> idpTlsTrust,
                       AuthnRequestBinding authnRequestBinding, boolean artifactResponse, boolean requireEncryption,
                       Optional<Eidas> eidas, boolean digid) {
        public Saml {
            Objects.requireNonNull(eidas, "eidas");
            if (digid && eidas.isPresent()) {
                throw new IllegalArgumentException("one preset: eidas or digid");
            }
        }

        public Saml(Optional<Path> metadataFile, Optional<String> metadataUrl, Optional<Path> metadataCertificate,
                    Optional<Path> signingKey, Optional<Path> signingCertificate, Optional<Path> tlsClientKey,
                    Optional<Path> tlsClientCertificate, Optional<Path> idpTlsTrust,
                    AuthnRequestBinding authnRequestBinding, boolean artifactResponse, boolean requireEncryption,
                    Optional<Eidas> eidas) {
            this(metadataFile, metadataUrl, metadataCertificate, signingKey, signingCertificate, tlsClientKey,
                    tlsClientCertificate, idpTlsTrust, authnRequestBinding, artifactResponse, requireEncryption, eidas,
                    false);
        }

        /** A plain SAML IdP (no preset). */
        public Saml(Optional<Path> metadataFile, Optional<String> metadataUrl, Optional<Path> metadataCertificate,
                    Path signingKey, Path signingCertificate, Optional<Path> tlsClientKey,
                    Optional<Path> tlsClientCertificate, Optional<Path> idpTlsTrust,
                    AuthnRequestBinding authnRequestBinding, boolean artifactResponse, boolean requireEncryption) {
            this(metadataFile, metadataUrl, metadataCertificate, Optional.of(signingKey),
                    Optional.of(signingCertificate), tlsClientKey,
                    tlsClientCertificate, idpTlsTrust, authnRequestBinding, artifactResponse, requireEncryption,
                    Optional.empty());
        }
    }

    /**
     * The protocol details in which an eIDAS node and an eToegang broker differ (docs/eidas.md): each is the realm
     * file's choice, never a guess in code.
     *
     * @param spType                  {@code public} or {@code private} sent as {@code eidas:SPType}; empty: not sent
     *                                (a broker that declares it in its own metadata)
     * @param requestedAttributesInRequest send {@code eidas:RequestedAttributes} in the AuthnRequest (a node); false:
     *                                the attributes are agreed in metadata or the broker's service catalogue
     * @param optionalAttributes      the optional natural-person attributes asked for besides the minimum data set,
     *                                by their short names (BirthName, PlaceOfBirth, CurrentAddress, Gender)
     * @param nameIdFormat            the NameIDPolicy Format sent; empty: no NameIDPolicy
     * @param comparison              the RequestedAuthnContext Comparison: {@code minimum} (eIDAS) or {@code exact}
     * @param receivingCountry        the country the PersonIdentifier must be meant for (its second part), e.g. NL
     * @param mock                    answered by Toegang's built-in mock eIDAS node (never in production)
     */
    public record Eidas(Optional<String> spType, boolean requestedAttributesInRequest,
                        List<String> optionalAttributes, Optional<String> nameIdFormat, String comparison,
                        String receivingCountry, boolean mock, boolean spTypeInRequest, boolean spTypeInMetadata,
                        Optional<Integer> attributeConsumingServiceIndex) {
        public Eidas {
            optionalAttributes = List.copyOf(optionalAttributes);
        }
    }

    /** The issuer (entityID) of a realm's built-in mock eIDAS node: this prefix and the upstream id. */
    public static final String MOCK_EIDAS_ENTITY_ID_PREFIX = "urn:toegang:mock-eidas-node:";

    /** The sector code of the only NameIDs a {@code preset: digid} upstream accepts: the BSN sector. */
    public static final String DIGID_BSN_SECTOR = "s00000000";

    /** Whether this is DigiD as a generic SAML upstream ({@code preset: digid}, docs/digid.md). */
    public boolean digid() {
        return saml.map(Saml::digid).orElse(false);
    }

    /** Whether this is an eIDAS upstream ({@code preset: eidas}). */
    public boolean eidas() {
        return saml.flatMap(Saml::eidas).isPresent();
    }

    /** The claims Toegang can release for an upstream identity; {@code sub} is always our own pairwise value. */
    public static final List<String> MAPPABLE_CLAIMS = List.of("name", "given_name", "family_name", "email",
            "email_verified", "locale");

    /** The eIDAS levels of assurance (eIDAS SAML Message Format v1.2), weakest first: the preset's default acr. */
    public static final List<String> EIDAS_LEVELS = List.of("http://eidas.europa.eu/LoA/low",
            "http://eidas.europa.eu/LoA/substantial", "http://eidas.europa.eu/LoA/high");

    /** The levels at or above the one clients call {@code issued}; empty when no level issues that value. */
    public Optional<List<AcrLevel>> atLeast(String issued) {
        for (int i = 0; i < acr.size(); i++) {
            if (acr.get(i).issued().equals(issued)) {
                return Optional.of(acr.subList(i, acr.size()));
            }
        }
        return Optional.empty();
    }

    /** The level the provider asserted with {@code upstreamAcr}, if it is one of ours. */
    public Optional<AcrLevel> level(String upstreamAcr) {
        return acr.stream().filter(level -> level.upstream().equals(upstreamAcr)).findFirst();
    }

    @Override
    public String toString() {
        return "UpstreamSettings[id=" + id + ", issuer=" + issuer + ", clientId=" + clientId + "]";
    }
}
