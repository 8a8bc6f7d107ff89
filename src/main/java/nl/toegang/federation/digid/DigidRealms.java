package nl.toegang.federation.digid;

import nl.toegang.saml.DigidIdp;
import nl.toegang.saml.IdpEndpointRule;
import nl.toegang.saml.IdpMetadataReader;
import nl.toegang.config.PublicUrl;
import nl.toegang.federation.saml.mock.MockDigidIdentity;
import nl.toegang.realm.DigidSettings;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmRegistry;
import org.springframework.stereotype.Component;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The realms that offer DigiD, each resolved once (keys loaded, metadata read). Resolution waits for the first use
 * because our URLs depend on the public URL, which may only be known once the web server runs.
 */
@Component
public class DigidRealms {
    private final RealmRegistry realms;
    private final PublicUrl publicUrl;
    private final DigidKeyMaterial keys;
    private final MockDigidIdentity mock;
    private final IdpEndpointRule endpointRule;
    private final Map<String, DigidRealm> resolved = new ConcurrentHashMap<>();
    private final Map<String, SpCredentials> credentials = new ConcurrentHashMap<>();

    /** What the mock needs to know about an SP that uses it. */
    public record MockClient(String realm, String spEntityId, String acsUrl, String sloUrl,
                             SpCredentials credentials) {
    }

    public DigidRealms(RealmRegistry realms, PublicUrl publicUrl, DigidKeyMaterial keys, MockDigidIdentity mock,
                       IdpEndpointRule endpointRule) {
        this.realms = realms;
        this.endpointRule = endpointRule;
        this.publicUrl = publicUrl;
        this.keys = keys;
        this.mock = mock;
    }

    public boolean offersDigid(String realm) {
        return realms.find(realm).flatMap(RealmDefinition::digid).isPresent();
    }

    public Optional<DigidRealm> find(String realm) {
        Optional<RealmDefinition> definition = realms.find(realm).filter(r -> r.digid().isPresent());
        return definition.map(r -> resolved.computeIfAbsent(r.name(), name -> resolve(r)));
    }

    /** Realms using the built-in mock; their SP keys are what the mock trusts. */
    public List<MockClient> mockClients() {
        return realms.all().stream()
                .filter(r -> r.digid().map(DigidSettings::mock).orElse(false))
                .map(r -> new MockClient(r.name(), entityId(r), publicUrl.issuer(r.name()) + "/saml/acs",
                        publicUrl.issuer(r.name()) + "/saml/slo", credentials(r)))
                .toList();
    }

    /**
     * The TLS client certificates of the realms using the built-in mock: what its artifact resolution service trusts.
     * Unlike {@link #mockClients()} this needs no public URL, so the mock can bind before the web server starts.
     */
    public List<X509Certificate> mockTlsCertificates() {
        return realms.all().stream()
                .filter(r -> r.digid().map(DigidSettings::mock).orElse(false))
                .map(r -> credentials(r).tlsChain().get(0))
                .toList();
    }

    private SpCredentials credentials(RealmDefinition realm) {
        return credentials.computeIfAbsent(realm.name(), name -> keys.load(name, realm.digid().orElseThrow()));
    }

    private String entityId(RealmDefinition realm) {
        return realm.digid().orElseThrow().entityId().orElse(publicUrl.issuer(realm.name()) + "/saml/metadata");
    }

    public boolean anyMockRealm() {
        return realms.all().stream().anyMatch(r -> r.digid().map(DigidSettings::mock).orElse(false));
    }

    private DigidRealm resolve(RealmDefinition realm) {
        DigidSettings settings = realm.digid().orElseThrow();
        String issuer = publicUrl.issuer(realm.name());
        String metadataUrl = issuer + "/saml/metadata";
        DigidIdp idp = settings.mock() ? mock.idp() : IdpMetadataReader.read(settings.idpMetadata().orElseThrow(),
                endpointRule);
        return new DigidRealm(realm.name(), settings, entityId(realm), issuer + "/saml/acs", metadataUrl,
                issuer + "/saml/slo", credentials(realm), idp);
    }
}
