package nl.toegang.federation.digid;

import nl.toegang.config.PublicUrl;
import nl.toegang.realm.DigidSettings;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.saml.DigidIdp;
import org.springframework.stereotype.Component;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The realms that offer DigiD, each resolved once (keys loaded, IdP read from its {@link IdpSource}). Resolution waits
 * for the first use because our URLs depend on the public URL, which may only be known once the web server runs; that
 * every DigiD realm has an IdP source is checked at startup.
 */
@Component
public class DigidRealms {
    private final RealmRegistry realms;
    private final PublicUrl publicUrl;
    private final DigidKeyMaterial keys;
    private final List<IdpSource> idpSources;
    private final Map<String, DigidRealm> resolved = new ConcurrentHashMap<>();
    private final Map<String, SpCredentials> credentials = new ConcurrentHashMap<>();

    /** Our SP side of one DigiD realm: what an IdP needs to know about it. */
    public record ServiceProvider(String realm, String spEntityId, String acsUrl, String sloUrl,
                                  SpCredentials credentials) {
    }

    public DigidRealms(RealmRegistry realms, PublicUrl publicUrl, DigidKeyMaterial keys, List<IdpSource> idpSources) {
        this.realms = realms;
        this.publicUrl = publicUrl;
        this.keys = keys;
        this.idpSources = List.copyOf(idpSources);
        for (RealmDefinition realm : realms.all()) {
            realm.digid().ifPresent(settings -> source(realm.name(), settings));
        }
    }

    public boolean offersDigid(String realm) {
        return realms.find(realm).flatMap(RealmDefinition::digid).isPresent();
    }

    public Optional<DigidRealm> find(String realm) {
        Optional<RealmDefinition> definition = realms.find(realm).filter(r -> r.digid().isPresent());
        return definition.map(r -> resolved.computeIfAbsent(r.name(), name -> resolve(r)));
    }

    /** The SP side of the DigiD realms whose settings match, e.g. those an IdP source serves. */
    public List<ServiceProvider> serviceProviders(Predicate<DigidSettings> which) {
        return realmsWhere(which).stream()
                .map(r -> new ServiceProvider(r.name(), entityId(r), publicUrl.issuer(r.name()) + "/saml/acs",
                        publicUrl.issuer(r.name()) + "/saml/slo", credentials(r)))
                .toList();
    }

    /**
     * The TLS client certificates of the DigiD realms whose settings match. Unlike {@link #serviceProviders} this
     * needs no public URL, so an IdP's back channel can bind its trust store before the web server starts.
     */
    public List<X509Certificate> tlsCertificates(Predicate<DigidSettings> which) {
        return realmsWhere(which).stream().map(r -> credentials(r).tlsChain().get(0)).toList();
    }

    private List<RealmDefinition> realmsWhere(Predicate<DigidSettings> which) {
        return realms.all().stream().filter(r -> r.digid().filter(which).isPresent()).toList();
    }

    private SpCredentials credentials(RealmDefinition realm) {
        return credentials.computeIfAbsent(realm.name(), name -> keys.load(name, realm.digid().orElseThrow()));
    }

    private String entityId(RealmDefinition realm) {
        return realm.digid().orElseThrow().entityId().orElse(publicUrl.issuer(realm.name()) + "/saml/metadata");
    }

    private IdpSource source(String realm, DigidSettings settings) {
        return idpSources.stream().filter(s -> s.serves(settings)).findFirst()
                .orElseThrow(() -> new IllegalStateException("realm '" + realm + "' offers DigiD, but no IdP serves"
                        + " its digid settings" + (settings.mock()
                        ? ": digid.mock needs the built-in mock DigiD (toegang.mock-digid.enabled=true)" : "")));
    }

    private DigidRealm resolve(RealmDefinition realm) {
        DigidSettings settings = realm.digid().orElseThrow();
        String issuer = publicUrl.issuer(realm.name());
        String metadataUrl = issuer + "/saml/metadata";
        DigidIdp idp = source(realm.name(), settings).idp(settings);
        return new DigidRealm(realm.name(), settings, entityId(realm), issuer + "/saml/acs", metadataUrl,
                issuer + "/saml/slo", credentials(realm), idp);
    }
}
