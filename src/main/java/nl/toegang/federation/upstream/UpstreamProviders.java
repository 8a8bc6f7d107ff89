package nl.toegang.federation.upstream;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import nl.toegang.realm.UpstreamSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The upstream providers as Toegang knows them: discovery read on first use (the provider may be down when Toegang
 * starts) and again after {@link #DISCOVERY_LIFETIME}, with the key set of its {@code jwks_uri}, cached and fetched
 * again when a token names a key we do not have (key rotation). A failed discovery is not remembered: the next login
 * tries again.
 */
final class UpstreamProviders {
    private static final Logger log = LoggerFactory.getLogger(UpstreamProviders.class);
    static final Duration DISCOVERY_LIFETIME = Duration.ofHours(1);
    static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

    private final BackChannel backChannel;
    private final Clock clock;
    private final Map<String, Provider> known = new ConcurrentHashMap<>();

    UpstreamProviders(BackChannel backChannel, Clock clock) {
        this.backChannel = backChannel;
        this.clock = clock;
    }

    /** A provider's checked discovery and its keys. */
    record Provider(ProviderMetadata metadata, JWKSource<SecurityContext> keys, Instant discoveredAt) {
    }

    /**
     * @throws IOException      the provider's discovery could not be read
     * @throws UpstreamRefused  its discovery document cannot be used (wrong issuer, missing endpoints, plain http in
     *                          production, no acceptable algorithm)
     */
    Provider provider(String realm, UpstreamSettings settings) throws IOException, UpstreamRefused {
        String key = realm + "/" + settings.id();
        Provider cached = known.get(key);
        if (cached != null && cached.discoveredAt().plus(DISCOVERY_LIFETIME).isAfter(clock.instant())) {
            return cached;
        }
        Provider fresh = discover(settings);
        known.put(key, fresh);
        log.info("Upstream '{}' of realm {}: discovery read from {}", settings.id(), realm, settings.issuer());
        return fresh;
    }

    private Provider discover(UpstreamSettings settings) throws IOException, UpstreamRefused {
        String url = discoveryUrl(settings.issuer());
        BackChannel.Answer answer = backChannel.get(url, Map.of("Accept", "application/json"));
        if (answer.status() != 200) {
            throw new IOException("discovery at " + url + " answered HTTP " + answer.status());
        }
        ProviderMetadata metadata = ProviderMetadata.parse(answer.text(), settings.issuer(), backChannel::problem,
                settings.userinfo(), settings.clientAuthentication().value());
        return new Provider(metadata, keys(metadata.jwksUri()), clock.instant());
    }

    /** OpenID Connect Discovery §4.1: the well-known path after the issuer, without doubling a trailing slash. */
    static String discoveryUrl(String issuer) {
        return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + DISCOVERY_PATH;
    }

    private JWKSource<SecurityContext> keys(String jwksUri) throws UpstreamRefused {
        URL url;
        try {
            url = URI.create(jwksUri).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new UpstreamRefused("discovery jwks_uri is not a URL");
        }
        // Nimbus caches the set and fetches it again, rate-limited, when a token names an unknown kid.
        return JWKSourceBuilder.<SecurityContext>create(url, new Retriever()).build();
    }

    /** Fetches the key set through the back channel, with its limits. */
    private final class Retriever implements ResourceRetriever {
        @Override
        public Resource retrieveResource(URL url) throws IOException {
            BackChannel.Answer answer = backChannel.get(url.toString(), Map.of("Accept", "application/json"));
            if (answer.status() != 200) {
                throw new IOException("jwks_uri answered HTTP " + answer.status());
            }
            return new Resource(answer.text(), answer.contentType().orElse(null));
        }
    }
}
