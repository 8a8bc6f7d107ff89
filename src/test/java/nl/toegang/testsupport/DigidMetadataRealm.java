package nl.toegang.testsupport;

import nl.toegang.federation.digid.DevCertificates;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * A realm {@code portal} that logs in with a real (non-mock) IdP described by a metadata file, as an operator would
 * configure DigiD: {@code portal.yaml} with {@code digid.idpMetadata: idp-metadata.xml} on line {@value #METADATA_LINE}
 * and SP key files next to it. The IdP's signing key is {@link #idpSigning()}.
 */
public final class DigidMetadataRealm {
    public static final String ENTITY_ID = "https://idp.example.test/saml/idp/metadata";
    public static final int METADATA_LINE = 11;
    public static final String SECRET = DigidTestRealm.SECRET;

    /** The IdP endpoints written into the metadata. */
    public record Endpoints(String sso, String artifactResolution, String sloPost, String sloSoap) {
        public static Endpoints https(String artifactResolution) {
            return new Endpoints("https://idp.example.test/sso", artifactResolution, "https://idp.example.test/slo",
                    "https://idp.example.test/slo/soap");
        }
    }

    private final DevCertificates.Generated idpSigning;
    private final DevCertificates.Generated spSigning;
    private final DevCertificates.Generated spTls;

    private java.security.cert.X509Certificate idpTlsTrust;

    public DigidMetadataRealm() {
        SecureRandom random = new SecureRandom();
        idpSigning = DevCertificates.generate("Test IdP signing", false, random, Instant.now());
        spSigning = DevCertificates.generate("Test SP signing", false, random, Instant.now());
        spTls = DevCertificates.generate("Test SP TLS", false, random, Instant.now());
    }

    /** The realm trusts exactly this certificate for the IdP's TLS endpoints ({@code digid.idpTlsTrust}). */
    public DigidMetadataRealm trustingIdpTls(java.security.cert.X509Certificate certificate) {
        this.idpTlsTrust = certificate;
        return this;
    }

    public DevCertificates.Generated idpSigning() {
        return idpSigning;
    }

    /** The SP's TLS client certificate: what the IdP's artifact resolution service would trust. */
    public DevCertificates.Generated spTls() {
        return spTls;
    }

    /** Writes {@code portal.yaml}, {@code idp-metadata.xml} and the SP key files into {@code realmsDir}. */
    public Path write(Path realmsDir, String redirect, Endpoints endpoints) throws IOException {
        Files.createDirectories(realmsDir);
        Path keys = Files.createDirectories(realmsDir.resolve("keys"));
        Files.writeString(keys.resolve("sp-signing.key"), privateKeyPem(spSigning));
        Files.writeString(keys.resolve("sp-signing.crt"), certificatePem(spSigning));
        Files.writeString(keys.resolve("sp-tls.key"), privateKeyPem(spTls));
        Files.writeString(keys.resolve("sp-tls.crt"), certificatePem(spTls));
        Files.writeString(realmsDir.resolve("idp-metadata.xml"), metadata(endpoints));
        if (idpTlsTrust != null) {
            Files.writeString(keys.resolve("idp-tls.pem"), nl.toegang.saml.PemFiles.pem(idpTlsTrust));
        }
        Path realm = realmsDir.resolve("portal.yaml");
        Files.writeString(realm, """
                name: portal
                displayName: Test Portaal
                clients:
                  - clientId: rp
                    type: confidential
                    secret: %s
                    redirectUris: [%s]
                    scopes: [openid, profile]
                digid:
                  mock: false
                  idpMetadata: idp-metadata.xml
                  signingKey: keys/sp-signing.key
                  signingCertificate: keys/sp-signing.crt
                  tlsClientKey: keys/sp-tls.key
                  tlsClientCertificate: keys/sp-tls.crt
                """.formatted(SECRET, redirect)
                + (idpTlsTrust == null ? "" : "  idpTlsTrust: keys/idp-tls.pem\n"));
        return realm;
    }

    private String metadata(Endpoints endpoints) {
        return """
                <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
                    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="%s">
                  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>
                      <ds:X509Certificate>%s</ds:X509Certificate>
                    </ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
                    <md:ArtifactResolutionService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP"
                        Location="%s" index="0"/>
                    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" Location="%s"/>
                    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="%s"/>
                    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
                        Location="%s"/>
                  </md:IDPSSODescriptor>
                </md:EntityDescriptor>
                """.formatted(ENTITY_ID, base64(idpSigning), endpoints.artifactResolution(), endpoints.sloSoap(),
                endpoints.sloPost(), endpoints.sso());
    }

    private static String base64(DevCertificates.Generated generated) {
        try {
            return Base64.getEncoder().encodeToString(generated.certificate().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String certificatePem(DevCertificates.Generated generated) {
        return "-----BEGIN CERTIFICATE-----\n" + mime(base64(generated)) + "\n-----END CERTIFICATE-----\n";
    }

    private static String privateKeyPem(DevCertificates.Generated generated) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + mime(Base64.getEncoder().encodeToString(generated.keyPair().getPrivate().getEncoded()))
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static String mime(String base64) {
        return new String(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encode(Base64.getDecoder().decode(base64)), StandardCharsets.US_ASCII);
    }
}
