package nl.toegang.realm;

import nl.toegang.realm.UpstreamSettings.AcrLevel;
import nl.toegang.realm.UpstreamSettings.ClientAuthentication;
import nl.toegang.realm.UpstreamSettings.Linking;
import nl.toegang.realm.UpstreamSettings.Type;
import org.yaml.snakeyaml.nodes.Node;

import nl.toegang.saml.IdpEndpointRule;
import nl.toegang.saml.IdpMetadataReader;
import nl.toegang.saml.PemFiles;
import nl.toegang.saml.UpstreamIdp;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the optional top-level {@code upstreams:} list of a realm file (docs/upstream.md): every field checked here,
 * so a provider Toegang would refuse at the first login stops startup instead, naming file and line.
 */
final class UpstreamReader {
    static final List<String> FIELDS = List.of("id", "type", "displayName", "who", "issuer", "clientId",
            "clientSecret", "clientAuthentication", "signingKey", "scopes", "claims", "acr", "userinfo", "linking",
            "metadata", "metadataCertificate", "entityId", "signingCertificate", "tlsClientKey",
            "tlsClientCertificate", "idpTlsTrust", "authnRequestBinding", "responseBinding", "encryptedAssertions",
            "preset", "eidas");
    /** Fields of one protocol only: named in an error when they appear under the other. */
    private static final List<String> OIDC_ONLY = List.of("issuer", "clientId", "clientSecret",
            "clientAuthentication", "scopes", "userinfo");
    private static final List<String> SAML_ONLY = List.of("metadata", "metadataCertificate", "entityId",
            "signingCertificate", "tlsClientKey", "tlsClientCertificate", "idpTlsTrust", "authnRequestBinding",
            "responseBinding", "encryptedAssertions", "preset", "eidas");
    /** The {@code eidas:} block of a {@code preset: eidas} upstream (docs/eidas.md). */
    static final List<String> EIDAS_FIELDS = List.of("spType", "requestedAttributes", "optionalAttributes",
            "nameIdFormat", "comparison", "receivingCountry", "mock", "spTypeIn", "attributeConsumingServiceIndex");
    /** The optional natural-person attributes of the eIDAS SAML Attribute Profile v1.2 that a realm may ask for. */
    static final List<String> EIDAS_OPTIONAL = List.of("BirthName", "PlaceOfBirth", "CurrentAddress", "Gender");
    private static final Map<String, String> NAME_ID_FORMATS = Map.of(
            "persistent", "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
            "transient", "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
            "unspecified", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified");
    private static final List<String> LANGUAGES = List.of("nl", "en");
    private static final List<String> ACR_FIELDS = List.of("upstream", "issued");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    /** RFC 6749 §3.3 scope-token. */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    /** A claim name as providers write them; no spaces or quotes. */
    private static final Pattern CLAIM = Pattern.compile("[A-Za-z0-9_.:/-]{1,100}");
    /** Printable ASCII without spaces: acr values travel space-separated in acr_values. */
    private static final Pattern ACR = Pattern.compile("[\\x21-\\x7E]{1,200}");

    private UpstreamReader() {
    }

    static List<UpstreamSettings> read(List<Node> nodes, ParseContext context) {
        List<UpstreamSettings> upstreams = new ArrayList<>(nodes.size());
        Map<String, Integer> ids = new HashMap<>();
        Map<String, Integer> issuers = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            UpstreamSettings upstream = read(nodes.get(i), i + 1, context);
            Integer earlier = ids.putIfAbsent(upstream.id(), upstream.line());
            if (earlier != null) {
                throw context.error(YamlMapping.valueLine(nodes.get(i), "id"), "upstream id '" + upstream.id()
                        + "' is already used by the upstream on line " + earlier + "; ids must be unique in a realm");
            }
            earlier = issuers.putIfAbsent(upstream.issuer(), upstream.line());
            if (earlier != null) {
                // Identities are keyed by issuer and sub: two entries for one issuer would share its people.
                throw context.error(YamlMapping.valueLine(nodes.get(i), "issuer"), "upstream '" + upstream.id()
                        + "' has the same issuer as the upstream on line " + earlier + "; one entry per provider");
            }
            upstreams.add(upstream);
        }
        return upstreams;
    }

    private static UpstreamSettings read(Node node, int position, ParseContext context) {
        String label = YamlMapping.peek(node, "id").map(id -> "upstream '" + id + "'")
                .orElse("upstream #" + position);
        YamlMapping upstream = YamlMapping.of(node, "in " + label, FIELDS, context);
        LocatedString id = upstream.requiredString("id");
        if (!ID.matcher(id.value()).matches()) {
            throw context.error(id.line(), "upstream id '" + id.value() + "' must be 1 to 32 lowercase letters,"
                    + " digits or hyphens, starting with a letter or digit (it becomes part of our redirect URI)");
        }
        LocatedString type = upstream.requiredString("type");
        if (!Type.OIDC.value().equals(type.value()) && !Type.SAML.value().equals(type.value())) {
            throw context.error(type.line(), "unknown type '" + type.value() + "' of " + label
                    + "; allowed: oidc (OpenID Connect), saml (SAML 2.0)");
        }
        boolean saml = Type.SAML.value().equals(type.value());
        for (String field : saml ? OIDC_ONLY : SAML_ONLY) {
            if (upstream.node(field).isPresent()) {
                throw context.error(upstream.lineOf(field), field + " of " + label + " is for " + (saml
                        ? "OpenID Connect upstreams; a saml upstream is described by its metadata"
                        : "SAML upstreams (type: saml)") + "; remove it");
            }
        }
        LoginTexts.Text displayName = text(upstream, "displayName", label)
                .orElseThrow(() -> upstream.missing("displayName"));
        Optional<LoginTexts.Text> who = text(upstream, "who", label);
        if (saml) {
            return readSaml(upstream, id.value(), displayName, who, label, context);
        }
        String issuer = issuer(upstream.requiredString("issuer"), label, context);
        String clientId = upstream.requiredString("clientId").value();

        ClientAuthentication authentication = upstream.string("clientAuthentication").map(value -> {
            for (ClientAuthentication method : ClientAuthentication.values()) {
                if (method.value().equals(value.value())) {
                    return method;
                }
            }
            throw context.error(value.line(), "unknown clientAuthentication '" + value.value() + "' of " + label
                    + "; allowed: client_secret_basic, private_key_jwt");
        }).orElse(ClientAuthentication.CLIENT_SECRET_BASIC);
        Optional<LocatedString> secret = upstream.string("clientSecret");
        if (secret.isPresent() && secret.get().value().isEmpty()) {
            throw context.error(secret.get().line(), label + " has an empty clientSecret; give it the secret the"
                    + " provider issued (e.g. clientSecret: ${PARTNER_CLIENT_SECRET})");
        }
        Optional<Path> signingKey = signingKey(upstream, label, context);
        if (authentication == ClientAuthentication.PRIVATE_KEY_JWT) {
            if (signingKey.isEmpty()) {
                throw context.error(upstream.line(), label + " uses private_key_jwt but has no signingKey; give a PEM"
                        + " PKCS#8 RSA private key file (e.g. openssl genpkey -algorithm RSA -pkeyopt"
                        + " rsa_keygen_bits:3072)");
            }
            if (secret.isPresent()) {
                throw context.error(secret.get().line(), label + " uses private_key_jwt, so its clientSecret would"
                        + " never be used; remove it");
            }
        } else if (signingKey.isPresent()) {
            throw context.error(upstream.lineOf("signingKey"), label + " has a signingKey but uses "
                    + authentication.value() + "; add clientAuthentication: private_key_jwt or remove the key");
        }
        if (authentication == ClientAuthentication.CLIENT_SECRET_BASIC && secret.isEmpty()) {
            throw context.error(upstream.line(), label + " uses client_secret_basic but has no clientSecret; give"
                    + " it as an environment placeholder, e.g. clientSecret: ${PARTNER_CLIENT_SECRET}");
        }
        if (secret.isPresent() && context.production() && SecretStrength.isWeak(secret.get().value())) {
            // The provider chose it, but a guessable secret lets anyone redeem our codes there.
            throw context.error(secret.get().line(), label + " has a weak clientSecret; ask the provider for at"
                    + " least " + SecretStrength.MIN_LENGTH + " random characters");
        }

        List<String> scopes = scopes(upstream, label, context);
        Map<String, String> claims = claims(upstream, label, context);
        List<AcrLevel> acr = acr(upstream, label, context);
        boolean userinfo = upstream.bool("userinfo").orElse(false);
        Linking linking = linking(upstream, label, claims, "claims", context);
        return new UpstreamSettings(id.value(), Type.OIDC, displayName, who, issuer, clientId,
                secret.map(value -> new Secret(value.value())), authentication, signingKey, scopes, claims, acr,
                userinfo, linking, Optional.empty(), upstream.line());
    }

    /** A SAML 2.0 IdP from its metadata; the metadata file is read now so a bad one stops startup here. */
    private static UpstreamSettings readSaml(YamlMapping upstream, String id, LoginTexts.Text displayName,
                                             Optional<LoginTexts.Text> who, String label, ParseContext context) {
        boolean digid = upstream.string("preset").map(p -> p.value().equals("digid")).orElse(false);
        if (digid) {
            for (String field : List.of("claims", "acr", "eidas", "linking")) {
                if (upstream.node(field).isPresent()) {
                    throw context.error(upstream.lineOf(field), label + " uses preset digid, whose " + field
                            + " DigiD fixes (the sector-coded BSN, DigiD's level table, never linked to an account;"
                            + " docs/digid.md); remove " + field);
                }
            }
        }
        Optional<UpstreamSettings.Eidas> eidas = digid ? Optional.empty() : eidas(upstream, label, context);
        if (eidas.map(UpstreamSettings.Eidas::mock).orElse(false)) {
            return readMockEidas(upstream, id, displayName, who, eidas.get(), label, context);
        }
        LocatedString metadata = upstream.requiredString("metadata");
        Optional<Path> metadataCertificate = certificates(upstream, "metadataCertificate", label, context);
        Optional<LocatedString> entityId = upstream.string("entityId");
        IdpEndpointRule rule = new IdpEndpointRule(context.production());
        Optional<Path> metadataFile = Optional.empty();
        Optional<String> metadataUrl = Optional.empty();
        String issuer;
        boolean url = metadata.value().startsWith("https://") || metadata.value().startsWith("http://");
        if (url) {
            // https; plain http only outside production (an IdP on this machine), as for OpenID issuers.
            Optional<String> problem = RedirectUriRules.fetchableProblem(metadata.value(), context.production());
            problem.ifPresent(p -> {
                throw context.error(metadata.line(), "metadata URL of " + label + " " + p);
            });
            if (metadataCertificate.isEmpty()) {
                throw context.error(metadata.line(), label + " fetches its metadata from a URL, so it needs"
                        + " metadataCertificate: the PEM certificate whose key signs that metadata (a fetched"
                        + " document is trusted only by that signature)");
            }
            issuer = entityId.orElseThrow(() -> context.error(metadata.line(), label + " fetches its metadata from"
                    + " a URL, so it needs entityId: the IdP's entityID, which the fetched metadata must name"))
                    .value();
            metadataUrl = Optional.of(metadata.value());
        } else {
            Path file = file(metadata, "metadata", label, context);
            List<java.security.PublicKey> keys = metadataCertificate.map(p -> PemFiles.certificates(p).stream()
                    .map(java.security.cert.X509Certificate::getPublicKey).toList()).orElse(List.of());
            UpstreamIdp idp;
            try {
                idp = IdpMetadataReader.parseUpstream(Files.readAllBytes(file), file.toString(), rule, keys);
            } catch (IllegalArgumentException | java.io.IOException e) {
                throw context.error(metadata.line(), "metadata of " + label + ": " + e.getMessage());
            }
            if (idp.expiredAt(context.clock().instant())) {
                // SAML Metadata §2.2.1: expired metadata must not be used; the operator fetches a fresh copy.
                throw context.error(metadata.line(), "metadata of " + label + ": " + file + " expired at its"
                        + " validUntil " + idp.validUntil().orElseThrow() + "; get fresh metadata from the IdP");
            }
            if (entityId.isPresent() && !entityId.get().value().equals(idp.entityId())) {
                throw context.error(entityId.get().line(), "entityId of " + label + " is '" + entityId.get().value()
                        + "' but its metadata names '" + idp.entityId() + "'");
            }
            issuer = idp.entityId();
            metadataFile = Optional.of(file);
            upstream.string("authnRequestBinding").ifPresent(b -> {
                if (b.value().equals("post") && idp.ssoPost().isEmpty()) {
                    throw context.error(b.line(), label + " sends its AuthnRequest by post, but the metadata names"
                            + " no HTTP-POST SingleSignOnService");
                }
            });
            if (upstream.string("authnRequestBinding").map(b -> b.value().equals("redirect"))
                    .orElse(eidas.isEmpty()) && idp.ssoRedirect().isEmpty()) {
                throw context.error(upstream.lineOf(upstream.string("authnRequestBinding").isPresent()
                        ? "authnRequestBinding" : "metadata"), label + " sends its AuthnRequest by redirect (the"
                        + " default), but the metadata names no HTTP-Redirect SingleSignOnService; set"
                        + " authnRequestBinding: post");
            }
            upstream.string("responseBinding").ifPresent(b -> {
                if (b.value().equals("artifact") && idp.artifactResolution().isEmpty()) {
                    throw context.error(b.line(), label + " takes answers by artifact, but the metadata names no"
                            + " SOAP ArtifactResolutionService");
                }
            });
        }
        Optional<Path> signingKey = Optional.of(upstream.string("signingKey")
                .map(v -> signingKey(upstream, label, context).orElseThrow())
                .orElseThrow(() -> context.error(upstream.line(), label + " needs signingKey: our PEM PKCS#8 RSA"
                        + " private key that signs the AuthnRequests (e.g. openssl genpkey -algorithm RSA -pkeyopt"
                        + " rsa_keygen_bits:3072)")));
        Optional<Path> signingCertificate = Optional.of(certificates(upstream, "signingCertificate", label, context)
                .orElseThrow(() -> context.error(upstream.line(), label + " needs signingCertificate: the PEM"
                        + " certificate of signingKey, published in our SP metadata")));
        Optional<Path> tlsKey = upstream.string("tlsClientKey").map(v -> file(v, "tlsClientKey", label, context));
        Optional<Path> tlsCert = certificates(upstream, "tlsClientCertificate", label, context);
        if (tlsKey.isPresent() != tlsCert.isPresent()) {
            throw context.error(upstream.lineOf(tlsKey.isPresent() ? "tlsClientKey" : "tlsClientCertificate"),
                    label + " needs tlsClientKey and tlsClientCertificate together (or neither: the signing pair)");
        }
        Optional<Path> tlsTrust = certificates(upstream, "idpTlsTrust", label, context);
        AuthnRequestBinding binding = upstream.string("authnRequestBinding").map(value -> switch (value.value()) {
            case "redirect" -> AuthnRequestBinding.REDIRECT;
            case "post" -> AuthnRequestBinding.POST;
            default -> throw context.error(value.line(), "unknown authnRequestBinding '" + value.value() + "' of "
                    + label + "; allowed: redirect, post");
        }).orElse(eidas.isPresent() ? AuthnRequestBinding.POST : AuthnRequestBinding.REDIRECT);
        if (eidas.isPresent() && binding == AuthnRequestBinding.POST && metadataFile.isPresent()
                && upstream.string("authnRequestBinding").isEmpty()) {
            UpstreamIdp idp = IdpMetadataReader.parseUpstream(readAll(metadataFile.get()),
                    metadataFile.get().toString(), rule, List.of());
            if (idp.ssoPost().isEmpty()) {
                throw context.error(upstream.lineOf("metadata"), label + " sends its AuthnRequest by post (the"
                        + " default of preset eidas), but the metadata names no HTTP-POST SingleSignOnService; set"
                        + " authnRequestBinding: redirect");
            }
        }
        boolean artifact = upstream.string("responseBinding").map(value -> switch (value.value()) {
            case "post" -> false;
            case "artifact" -> true;
            default -> throw context.error(value.line(), "unknown responseBinding '" + value.value() + "' of "
                    + label + "; allowed: post, artifact");
        }).orElse(false);
        boolean encrypted = upstream.string("encryptedAssertions").map(value -> switch (value.value()) {
            case "optional" -> false;
            case "required" -> true;
            default -> throw context.error(value.line(), "unknown encryptedAssertions '" + value.value() + "' of "
                    + label + "; allowed: optional, required");
        }).orElse(eidas.isPresent()); // eIDAS: encrypted assertions unless the realm file says otherwise
        if (tlsTrust.isPresent() && !artifact) {
            throw context.error(upstream.lineOf("idpTlsTrust"), "idpTlsTrust of " + label + " is for artifact"
                    + " resolution, but it takes answers by post; remove it or set responseBinding: artifact");
        }
        Map<String, String> claims = attributes(upstream, label, context);
        // preset digid: DigiD's level table, its SAML 3.x class refs asked and answered, the eIDAS URIs issued as
        // acr exactly as the built-in DigiD route issues them (DigidLevel).
        List<AcrLevel> acr = digid ? java.util.Arrays.stream(nl.toegang.saml.DigidLevel.values())
                .map(level -> new AcrLevel(level.classRef(), level.eidasUri())).toList()
                : eidas.isPresent() ? eidasAcr(upstream, label, context) : acr(upstream, label, context);
        Linking linking = linking(upstream, label, claims, eidas.isPresent() ? EIDAS_MAPPING : "claims", context);
        return new UpstreamSettings(id, Type.SAML, displayName, who, issuer, "", Optional.empty(),
                ClientAuthentication.CLIENT_SECRET_BASIC, Optional.empty(), List.of(), claims, acr, false, linking,
                Optional.of(new UpstreamSettings.Saml(metadataFile, metadataUrl, metadataCertificate, signingKey,
                        signingCertificate, tlsKey, tlsCert, tlsTrust, binding, artifact, encrypted, eidas, digid)),
                upstream.line());
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code preset: eidas} and its {@code eidas:} block (docs/eidas.md). Without the preset the block is refused;
     * with it the attribute mapping is the eIDAS Attribute Profile's, so {@code claims} is refused too.
     */
    private static Optional<UpstreamSettings.Eidas> eidas(YamlMapping upstream, String label, ParseContext context) {
        Optional<LocatedString> preset = upstream.string("preset");
        if (preset.isPresent() && !preset.get().value().equals("eidas")) {
            throw context.error(preset.get().line(), "unknown preset '" + preset.get().value() + "' of " + label
                    + "; allowed: eidas, digid");
        }
        if (preset.isEmpty()) {
            if (upstream.node("eidas").isPresent()) {
                throw context.error(upstream.lineOf("eidas"), "eidas of " + label + " needs preset: eidas");
            }
            return Optional.empty();
        }
        if (upstream.node("claims").isPresent()) {
            throw context.error(upstream.lineOf("claims"), label + " uses preset eidas, whose claims are fixed by the"
                    + " eIDAS Attribute Profile (docs/eidas.md); remove claims");
        }
        YamlMapping block = upstream.mapping("eidas", "in eidas of " + label, EIDAS_FIELDS)
                .orElseThrow(() -> context.error(preset.get().line(), label + " uses preset eidas but has no eidas"
                        + " block; give at least eidas: {spType: public} for a node or eidas: {spType: none,"
                        + " requestedAttributes: metadata} for a broker (docs/eidas.md)"));
        LocatedString spType = block.requiredString("spType");
        if (!List.of("public", "private", "none").contains(spType.value())) {
            throw context.error(spType.line(), "unknown eidas.spType '" + spType.value() + "' of " + label
                    + "; allowed: public, private, none (not sent: a broker that declares it elsewhere)");
        }
        // Where the sector goes: the eIDAS request extension, our SP metadata's extensions, or both (a broker may
        // want it only in metadata).
        String spTypeIn = block.string("spTypeIn").map(value -> {
            if (!List.of("request", "metadata", "both").contains(value.value())) {
                throw context.error(value.line(), "unknown eidas.spTypeIn '" + value.value() + "' of " + label
                        + "; allowed: request, metadata, both");
            }
            if (spType.value().equals("none")) {
                throw context.error(value.line(), "eidas.spTypeIn of " + label + " needs eidas.spType public or"
                        + " private (with none no SPType is sent anywhere)");
            }
            return value.value();
        }).orElse("request");
        Optional<Integer> consumingService = block.string("attributeConsumingServiceIndex").map(value -> {
            if (!value.value().matches("[0-9]{1,5}") || Integer.parseInt(value.value()) > 65535) {
                throw context.error(value.line(), "eidas.attributeConsumingServiceIndex of " + label + " must be a"
                        + " whole number from 0 to 65535 (the service's index in the broker's service catalogue)");
            }
            return Integer.parseInt(value.value());
        });
        boolean inRequest = block.string("requestedAttributes").map(value -> switch (value.value()) {
            case "request" -> true;
            case "metadata" -> false;
            default -> throw context.error(value.line(), "unknown eidas.requestedAttributes '" + value.value()
                    + "' of " + label + "; allowed: request, metadata");
        }).orElse(true);
        List<String> optional = new ArrayList<>();
        for (LocatedString name : block.strings("optionalAttributes").orElse(List.of())) {
            if (!EIDAS_OPTIONAL.contains(name.value())) {
                throw context.error(name.line(), "unknown eidas.optionalAttributes entry '" + name.value() + "' of "
                        + label + "; allowed: " + String.join(", ", EIDAS_OPTIONAL));
            }
            if (!optional.contains(name.value())) {
                optional.add(name.value());
            }
        }
        String format = block.string("nameIdFormat").map(value -> {
            if (!value.value().equals("none") && !NAME_ID_FORMATS.containsKey(value.value())) {
                throw context.error(value.line(), "unknown eidas.nameIdFormat '" + value.value() + "' of " + label
                        + "; allowed: persistent, transient, unspecified, none");
            }
            return value.value();
        }).orElse("persistent");
        Optional<String> nameIdFormat = Optional.ofNullable(NAME_ID_FORMATS.get(format));
        String comparison = block.string("comparison").map(value -> {
            if (!value.value().equals("minimum") && !value.value().equals("exact")) {
                throw context.error(value.line(), "unknown eidas.comparison '" + value.value() + "' of " + label
                        + "; allowed: minimum (eIDAS), exact");
            }
            return value.value();
        }).orElse("minimum");
        String country = block.string("receivingCountry").map(value -> {
            if (!value.value().matches("[A-Z]{2}")) {
                throw context.error(value.line(), "eidas.receivingCountry of " + label + " must be two capital"
                        + " letters (ISO 3166-1 alpha-2, e.g. NL)");
            }
            return value.value();
        }).orElse("NL");
        boolean mock = block.bool("mock").orElse(false);
        if (mock && context.production()) {
            throw context.error(block.lineOf("mock"), label + " uses the built-in mock eIDAS node, which is for"
                    + " development and tests only; remove mock: true in production");
        }
        return Optional.of(new UpstreamSettings.Eidas(spType.value().equals("none") ? Optional.empty()
                : Optional.of(spType.value()), inRequest, optional, nameIdFormat, comparison, country, mock,
                !spTypeIn.equals("metadata"), !spTypeIn.equals("request"), consumingService));
    }

    /**
     * The preset's levels: the eIDAS URIs asked and issued as they are, unless the realm file maps a broker's own
     * level URIs; what Toegang issues as acr must then still be an eIDAS level.
     */
    private static List<AcrLevel> eidasAcr(YamlMapping upstream, String label, ParseContext context) {
        List<AcrLevel> declared = acr(upstream, label, context);
        if (declared.isEmpty()) {
            return UpstreamSettings.EIDAS_LEVELS.stream().map(uri -> new AcrLevel(uri, uri)).toList();
        }
        for (AcrLevel level : declared) {
            if (!UpstreamSettings.EIDAS_LEVELS.contains(level.issued())) {
                throw context.error(upstream.lineOf("acr"), "acr of " + label + " issues '" + level.issued()
                        + "'; an eIDAS upstream issues the eIDAS level (" + String.join(", ",
                        UpstreamSettings.EIDAS_LEVELS) + ")");
            }
        }
        return declared;
    }

    /**
     * {@code eidas: {mock: true}}: Toegang's built-in mock eIDAS node answers (development and tests only); its
     * metadata and keys are Toegang's own, so only our signing pair is read.
     */
    private static UpstreamSettings readMockEidas(YamlMapping upstream, String id, LoginTexts.Text displayName,
                                                  Optional<LoginTexts.Text> who, UpstreamSettings.Eidas eidas,
                                                  String label, ParseContext context) {
        for (String field : List.of("metadata", "metadataCertificate", "entityId", "tlsClientKey",
                "tlsClientCertificate", "idpTlsTrust", "responseBinding")) {
            if (upstream.node(field).isPresent()) {
                throw context.error(upstream.lineOf(field), field + " of " + label + " does not apply to the built-in"
                        + " mock eIDAS node (eidas.mock: true); remove it");
            }
        }
        // Without a pair the server makes one for this run: the mock node is in the same process and reads it there.
        Optional<Path> signingKey = upstream.string("signingKey")
                .map(v -> signingKey(upstream, label, context).orElseThrow());
        Optional<Path> signingCertificate = certificates(upstream, "signingCertificate", label, context);
        if (signingKey.isPresent() != signingCertificate.isPresent()) {
            throw context.error(upstream.lineOf(signingKey.isPresent() ? "signingKey" : "signingCertificate"),
                    label + " needs signingKey and signingCertificate together (or neither: for the mock node the"
                            + " server then makes a pair at each start)");
        }
        upstream.string("authnRequestBinding").filter(b -> !b.value().equals("post")).ifPresent(b -> {
            throw context.error(b.line(), "the built-in mock eIDAS node takes AuthnRequests by post only; remove"
                    + " authnRequestBinding or set it to post");
        });
        AuthnRequestBinding binding = AuthnRequestBinding.POST;
        boolean encrypted = upstream.string("encryptedAssertions").map(value -> switch (value.value()) {
            case "optional" -> false;
            case "required" -> true;
            default -> throw context.error(value.line(), "unknown encryptedAssertions '" + value.value() + "' of "
                    + label + "; allowed: optional, required");
        }).orElse(true);
        List<AcrLevel> acr = eidasAcr(upstream, label, context);
        return new UpstreamSettings(id, Type.SAML, displayName, who, UpstreamSettings.MOCK_EIDAS_ENTITY_ID_PREFIX + id, "",
                Optional.empty(), ClientAuthentication.CLIENT_SECRET_BASIC, Optional.empty(), List.of(), Map.of(),
                acr, false, linking(upstream, label, Map.of(), EIDAS_MAPPING, context),
                Optional.of(new UpstreamSettings.Saml(Optional.empty(), Optional.empty(), Optional.empty(),
                        signingKey, signingCertificate, Optional.empty(), Optional.empty(), Optional.empty(), binding,
                        false, encrypted, Optional.of(eidas))), upstream.line());
    }


    private static Path file(LocatedString value, String field, String label, ParseContext context) {
        Path base = context.file().toAbsolutePath().getParent();
        Path path = base == null ? Path.of(value.value()) : base.resolve(value.value());
        if (!Files.isReadable(path)) {
            throw context.error(value.line(), field + " file '" + value.value() + "' of " + label
                    + " does not exist or is not readable (relative paths start at the realm file's directory)");
        }
        return path;
    }

    /** A readable PEM file holding at least one certificate. */
    private static Optional<Path> certificates(YamlMapping upstream, String field, String label,
                                              ParseContext context) {
        return upstream.string(field).map(value -> {
            Path path = file(value, field, label, context);
            try {
                if (PemFiles.certificates(path).isEmpty()) {
                    throw context.error(value.line(), field + " of " + label + ": " + value.value()
                            + " holds no certificate");
                }
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw context.error(value.line(), field + " of " + label + ": " + e.getMessage());
            }
            return path;
        });
    }


    /** eIDAS attributes are mapped by the Attribute Profile and carry no email address: no link can be offered. */
    private static final String EIDAS_MAPPING = "eIDAS attributes (which carry no email address)";

    private static Linking linking(YamlMapping upstream, String label, Map<String, String> claims, String mapping,
                                   ParseContext context) {
        return upstream.string("linking").map(value -> {
            if (Linking.NONE.value().equals(value.value())) {
                return Linking.NONE;
            }
            if (Linking.VERIFIED_EMAIL.value().equals(value.value())) {
                // Without both mapped, no login could ever be offered a link: say so now, not never.
                if (!claims.containsKey("email") || !claims.containsKey("email_verified")) {
                    throw context.error(value.line(), "linking 'verified-email' of " + label + " needs its " + mapping
                            + " to map both email and email_verified; the link is offered only when the provider"
                            + " asserts the address verified");
                }
                return Linking.VERIFIED_EMAIL;
            }
            if (Linking.CONSOLE.value().equals(value.value())) {
                return Linking.CONSOLE;
            }
            throw context.error(value.line(), "unknown linking '" + value.value() + "' of " + label
                    + "; allowed: none, verified-email, console");
        }).orElse(Linking.NONE);
    }

    /**
     * OpenID Connect Discovery §3: an https URL without query or fragment; http only outside production (a provider
     * on this machine in development and tests). A trailing slash is kept: the issuer is compared exactly.
     */
    private static String issuer(LocatedString value, String label, ParseContext context) {
        Optional<String> problem = RedirectUriRules.fetchableProblem(value.value(), context.production());
        if (problem.isEmpty()) {
            URI uri = URI.create(value.value());
            if (uri.getRawQuery() != null) {
                problem = Optional.of("must not contain a query (?...)");
            } else if (uri.getRawUserInfo() != null) {
                problem = Optional.of("must not contain a user name or password");
            }
        }
        problem.ifPresent(p -> {
            throw context.error(value.line(), "issuer of " + label + " " + p);
        });
        return value.value();
    }

    /** A readable PEM PKCS#8 RSA key of at least 2048 bits, relative to the realm file's directory. */
    private static Optional<Path> signingKey(YamlMapping upstream, String label, ParseContext context) {
        return upstream.string("signingKey").map(value -> {
            Path base = context.file().toAbsolutePath().getParent();
            Path path = base == null ? Path.of(value.value()) : base.resolve(value.value());
            if (!Files.isReadable(path)) {
                throw context.error(value.line(), "signingKey file '" + value.value() + "' of " + label
                        + " does not exist or is not readable (relative paths start at the realm file's directory)");
            }
            try {
                PrivateKey key = PemFiles.privateKey(path);
                if (key instanceof RSAPrivateKey rsa && rsa.getModulus().bitLength() < 2048) {
                    throw context.error(value.line(), "signingKey of " + label + " is an RSA key of "
                            + rsa.getModulus().bitLength() + " bits; use at least 2048");
                }
                if (!(key instanceof RSAPrivateCrtKey)) {
                    throw context.error(value.line(), "signingKey of " + label + " must be a complete RSA private"
                            + " key (PKCS#8 with its CRT parameters, as openssl writes it)");
                }
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw context.error(value.line(), "signingKey of " + label + ": " + e.getMessage());
            }
            return path;
        });
    }

    private static Optional<LoginTexts.Text> text(YamlMapping upstream, String field, String label) {
        return upstream.mapping(field, "in " + field + " of " + label, LANGUAGES)
                .map(m -> new LoginTexts.Text(m.requiredString("nl").value(), m.requiredString("en").value()));
    }

    private static List<String> scopes(YamlMapping upstream, String label, ParseContext context) {
        Optional<List<LocatedString>> declared = upstream.strings("scopes");
        if (declared.isEmpty()) {
            return List.of("openid");
        }
        List<String> scopes = new ArrayList<>();
        for (LocatedString scope : declared.get()) {
            if (!SCOPE.matcher(scope.value()).matches()) {
                throw context.error(scope.line(), "scope '" + scope.value() + "' of " + label + " is not a valid"
                        + " scope (printable characters, no spaces, quotes or backslashes)");
            }
            if (!scopes.contains(scope.value())) {
                scopes.add(scope.value());
            }
        }
        if (!scopes.contains("openid")) {
            throw context.error(upstream.lineOf("scopes"), "scopes of " + label + " must include openid (an"
                    + " OpenID Connect login needs it to return an ID token)");
        }
        return scopes;
    }

    /** OpenID Connect claim names: letters, digits and {@code _ . : / -}. */
    private static Map<String, String> claims(YamlMapping upstream, String label, ParseContext context) {
        return claimMapping(upstream, label, CLAIM, "provider's claim (letters, digits and _ . : / -)", context);
    }

    /** SAML attribute names: URIs or OIDs with any printable characters but spaces. */
    private static Map<String, String> attributes(YamlMapping upstream, String label, ParseContext context) {
        return claimMapping(upstream, label, ACR, "IdP's attribute (its Name, printable without spaces)", context);
    }

    /** The {@code claims} block: our claim to the upstream's name for it, each name matching {@code names}. */
    private static Map<String, String> claimMapping(YamlMapping upstream, String label, Pattern names,
                                                    String what, ParseContext context) {
        Optional<YamlMapping> block = upstream.mapping("claims", "in claims of " + label,
                UpstreamSettings.MAPPABLE_CLAIMS);
        Map<String, String> claims = new LinkedHashMap<>();
        block.ifPresent(mapping -> {
            for (String ours : UpstreamSettings.MAPPABLE_CLAIMS) {
                mapping.string(ours).ifPresent(theirs -> {
                    if (!names.matcher(theirs.value()).matches()) {
                        throw context.error(theirs.line(), "claims." + ours + " of " + label + " must name the "
                                + what + ", found '" + theirs.value() + "'");
                    }
                    claims.put(ours, theirs.value());
                });
            }
        });
        return claims;
    }

    private static List<AcrLevel> acr(YamlMapping upstream, String label, ParseContext context) {
        List<Node> nodes = upstream.list("acr").orElse(List.of());
        List<AcrLevel> levels = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            YamlMapping level = YamlMapping.of(nodes.get(i), "in acr entry " + (i + 1) + " of " + label, ACR_FIELDS,
                    context);
            LocatedString theirs = acrValue(level.requiredString("upstream"), "upstream", label, context);
            LocatedString ours = acrValue(level.requiredString("issued"), "issued", label, context);
            for (AcrLevel earlier : levels) {
                if (earlier.upstream().equals(theirs.value()) || earlier.issued().equals(ours.value())) {
                    throw context.error(level.line(), "acr entry " + (i + 1) + " of " + label + " repeats a value of"
                            + " an earlier entry; each level appears once, weakest first");
                }
            }
            levels.add(new AcrLevel(theirs.value(), ours.value()));
        }
        return levels;
    }

    private static LocatedString acrValue(LocatedString value, String field, String label, ParseContext context) {
        if (!ACR.matcher(value.value()).matches()) {
            throw context.error(value.line(), "acr " + field + " value of " + label + " must be printable text"
                    + " without spaces, e.g. http://eidas.europa.eu/LoA/substantial");
        }
        return value;
    }
}
