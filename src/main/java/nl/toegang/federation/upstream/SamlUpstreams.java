package nl.toegang.federation.upstream;

import nl.toegang.federation.digid.ArtifactResolutionClient;
import nl.toegang.federation.digid.DevKeyFiles;
import nl.toegang.federation.digid.SpCredentials;
import nl.toegang.realm.UpstreamSettings;
import nl.toegang.saml.IdpEndpointRule;
import nl.toegang.saml.IdpMetadataReader;
import nl.toegang.saml.PemFiles;
import nl.toegang.saml.UpstreamIdp;
import nl.toegang.saml.crypto.SigningCredential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The upstream SAML IdPs as Toegang knows them: metadata from the realm file's file (read once, and again only once
 * its validUntil passed) or fetched from its https URL through the back channel and accepted only with a valid
 * signature by the pinned metadata certificate (fetched again after {@link #METADATA_LIFETIME} or the metadata's
 * shorter cacheDuration). Metadata whose validUntil has passed is never used; a failed or refused refresh keeps the
 * last good metadata while it is valid. Also our keys toward each IdP, and the mutual-TLS artifact resolution client
 * with the upstream's own TLS trust.
 */
final class SamlUpstreams {
    private static final Logger log = LoggerFactory.getLogger(SamlUpstreams.class);
    static final Duration METADATA_LIFETIME = Duration.ofHours(1);

    private final BackChannel backChannel;
    private final IdpEndpointRule rule;
    private final SecureRandom random;
    private final Clock clock;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final Map<String, SpCredentials> credentials = new ConcurrentHashMap<>();
    private final Map<String, ArtifactResolutionClient> clients = new ConcurrentHashMap<>();

    private final java.util.Optional<BuiltInEidasNode> mockEidasNode;
    private final DevKeyFiles devKeys;

    SamlUpstreams(BackChannel backChannel, IdpEndpointRule rule, SecureRandom random, Clock clock, DevKeyFiles devKeys,
                  java.util.Optional<BuiltInEidasNode> mockEidasNode) {
        this.mockEidasNode = mockEidasNode;
        this.devKeys = devKeys;
        this.backChannel = backChannel;
        this.rule = rule;
        this.random = random;
        this.clock = clock;
    }

    /** After a failed refresh, the last good metadata is used this long before the next attempt. */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(5);

    /** Metadata as read, and when to read it again (URL metadata; a file is read again only once it expired). */
    private record Known(UpstreamIdp idp, Instant refreshAt) {
    }

    /**
     * @throws IOException             the metadata URL could not be read
     * @throws IllegalArgumentException the metadata cannot be used (signature, entityID, endpoints)
     */
    UpstreamIdp idp(String realm, UpstreamSettings settings) throws IOException {
        UpstreamSettings.Saml saml = settings.saml().orElseThrow();
        if (saml.eidas().map(UpstreamSettings.Eidas::mock).orElse(false)) {
            return mockEidasNode.orElseThrow(() -> new IllegalArgumentException("the built-in mock eIDAS node is"
                    + " off (toegang.mock-digid.enabled=false)")).idp(realm, settings);
        }
        String key = realm + "/" + settings.id();
        Instant now = clock.instant();
        Known cached = known.get(key);
        if (cached != null && !cached.idp().expiredAt(now)
                && (saml.metadataFile().isPresent() || cached.refreshAt().isAfter(now))) {
            return cached.idp();
        }
        UpstreamIdp idp;
        try {
            idp = read(realm, settings, now);
        } catch (IOException | IllegalArgumentException e) {
            if (cached == null || cached.idp().expiredAt(now)) {
                throw e;
            }
            // SAML Metadata §4.3: a failed refresh (unreachable, bad signature, expired) keeps the last good copy
            // while that copy is itself valid.
            log.warn("Upstream '{}' of realm {}: SAML metadata refresh failed, the last good metadata (valid until"
                    + " {}) stays in use: {}", settings.id(), realm, cached.idp().validUntil().map(Object::toString)
                    .orElse("no validUntil"), e.getMessage());
            known.put(key, new Known(cached.idp(), now.plus(RETRY_AFTER_FAILURE)));
            return cached.idp();
        }
        known.put(key, new Known(idp, refreshAt(idp, now)));
        return idp;
    }

    /** The metadata file, or the URL's signed metadata; refused when expired or naming another entityID. */
    private UpstreamIdp read(String realm, UpstreamSettings settings, Instant now) throws IOException {
        UpstreamSettings.Saml saml = settings.saml().orElseThrow();
        List<java.security.PublicKey> metadataKeys = saml.metadataCertificate()
                .map(p -> PemFiles.certificates(p).stream().map(X509Certificate::getPublicKey).toList())
                .orElse(List.of());
        UpstreamIdp idp;
        String source;
        if (saml.metadataFile().isPresent()) {
            source = saml.metadataFile().get().toString();
            idp = IdpMetadataReader.parseUpstream(Files.readAllBytes(saml.metadataFile().get()), source, rule,
                    metadataKeys);
        } else {
            source = saml.metadataUrl().orElseThrow();
            BackChannel.Answer answer = backChannel.get(source, Map.of("Accept", "application/samlmetadata+xml"));
            if (answer.status() != 200) {
                throw new IOException("metadata at " + source + " answered HTTP " + answer.status());
            }
            idp = IdpMetadataReader.parseUpstream(answer.body(), source, rule, metadataKeys);
        }
        if (idp.expiredAt(now)) {
            throw new IllegalArgumentException(source + ": the metadata expired at its validUntil "
                    + idp.validUntil().orElseThrow());
        }
        if (!idp.entityId().equals(settings.issuer())) {
            throw new IllegalArgumentException("the metadata names entityID '" + idp.entityId()
                    + "', the realm file '" + settings.issuer() + "'");
        }
        log.info("Upstream '{}' of realm {}: SAML metadata read from {}{}", settings.id(), realm, source,
                idp.validUntil().map(until -> ", valid until " + until).orElse(""));
        return idp;
    }

    /** An hour, or the metadata's cacheDuration when shorter; never after its validUntil. */
    private static Instant refreshAt(UpstreamIdp idp, Instant now) {
        Duration lifetime = idp.cacheDuration().filter(d -> d.compareTo(METADATA_LIFETIME) < 0)
                .orElse(METADATA_LIFETIME);
        Instant at = now.plus(lifetime);
        return idp.validUntil().filter(at::isAfter).orElse(at);
    }

    /** Our keys toward this IdP: the signing pair, and the TLS client pair (the signing pair unless given). */
    SpCredentials credentials(String realm, UpstreamSettings settings) {
        return credentials.computeIfAbsent(realm + "/" + settings.id(), k -> {
            UpstreamSettings.Saml saml = settings.saml().orElseThrow();
            SigningCredential signing = saml.signingKey().isPresent()
                    ? new SigningCredential(PemFiles.privateKey(saml.signingKey().get()),
                            PemFiles.certificates(saml.signingCertificate().orElseThrow()).get(0))
                    : developmentPair(realm, settings);
            java.security.PrivateKey tlsKey = saml.tlsClientKey().map(PemFiles::privateKey)
                    .orElse(signing.privateKey());
            List<X509Certificate> chain = saml.tlsClientCertificate().map(PemFiles::certificates)
                    .orElse(List.of(signing.certificate()));
            return new SpCredentials(signing, tlsKey, chain);
        });
    }

    /** The mock eIDAS node's counterpart without a configured pair (development only): made once, then kept. */
    private SigningCredential developmentPair(String realm, UpstreamSettings settings) {
        var generated = devKeys.once(realm + "-upstream-" + settings.id(),
                "saml-upstream-dev-key:" + realm + ":" + settings.id(),
                "Toegang dev SP " + realm + " " + settings.id(), false);
        return new SigningCredential(generated.keyPair().getPrivate(), generated.certificate());
    }

    ArtifactResolutionClient artifactClient(String realm, UpstreamSettings settings, UpstreamIdp idp) {
        return clients.computeIfAbsent(realm + "/" + settings.id(), k -> {
            List<X509Certificate> trust = settings.saml().orElseThrow().idpTlsTrust().map(PemFiles::certificates)
                    .orElse(List.of());
            return new ArtifactResolutionClient(credentials(realm, settings), idp.forArtifactResolution(trust),
                    rule, random);
        });
    }
}
