package nl.toegang.federation.digid;

import nl.toegang.realm.DigidSettings;
import nl.toegang.saml.DigidIdp;
import nl.toegang.saml.IdpEndpointRule;
import nl.toegang.saml.IdpMetadataReader;
import nl.toegang.saml.PemFiles;
import org.springframework.stereotype.Component;

/** The IdP named by the realm's {@code idpMetadata} file: the real DigiD (or any IdP that speaks like it). */
@Component
public class MetadataIdpSource implements IdpSource {
    private final IdpEndpointRule endpointRule;

    public MetadataIdpSource(IdpEndpointRule endpointRule) {
        this.endpointRule = endpointRule;
    }

    @Override
    public boolean serves(DigidSettings settings) {
        return settings.idpMetadata().isPresent();
    }

    @Override
    public DigidIdp idp(DigidSettings settings) {
        DigidIdp idp = IdpMetadataReader.read(settings.idpMetadata().orElseThrow(), endpointRule);
        return settings.idpTlsTrust().map(file -> idp.withTlsTrust(PemFiles.certificates(file))).orElse(idp);
    }
}
