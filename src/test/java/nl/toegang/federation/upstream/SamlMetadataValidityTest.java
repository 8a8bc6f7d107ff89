package nl.toegang.federation.upstream;

import nl.toegang.federation.digid.DevCertificates;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.TestServer;
import org.apache.xml.security.Init;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static nl.toegang.testsupport.SamlTestMessages.sign;
import static nl.toegang.testsupport.TestXml.parse;
import static nl.toegang.testsupport.TestXml.pem;
import static nl.toegang.testsupport.TestXml.serialize;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SAML metadata from a URL and its validity (SAML Metadata §2.2.1 validUntil, cacheDuration; §4.3): fetched again
 * after its cacheDuration; a refresh that brings expired metadata keeps the last good copy (and logs); once that copy's
 * own validUntil has passed, the IdP is not used at all. Toegang's clock is moved on; the metadata is signed with
 * Santuario by the pinned key, as an IdP's federation would.
 */
class SamlMetadataValidityTest {
    static final String IDP = "https://idp.university.test/saml";
    static final SecureRandom RANDOM = new SecureRandom();
    static final MutableClock CLOCK = new MutableClock(Instant.now());

    @TempDir
    static Path temp;
    static TestServer toegang;
    static com.sun.net.httpserver.HttpServer metadataService;
    static DevCertificates.Generated metadataSigning;
    static DevCertificates.Generated idpSigning;
    static final AtomicReference<byte[]> served = new AtomicReference<>();
    static final AtomicInteger fetches = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        Init.init();
        metadataSigning = DevCertificates.generate("University metadata signing", false, RANDOM, Instant.now());
        idpSigning = DevCertificates.generate("University IdP signing", false, RANDOM, Instant.now());
        DevCertificates.Generated sp = DevCertificates.generate("Toegang SP", false, RANDOM, Instant.now());
        metadataService = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        metadataService.createContext("/", exchange -> {
            fetches.incrementAndGet();
            byte[] body = served.get();
            exchange.getResponseHeaders().set("Content-Type", "application/samlmetadata+xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        metadataService.start();
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("md-signer.pem"), pem("CERTIFICATE",
                metadataSigning.certificate().getEncoded()));
        Files.writeString(realms.resolve("sp.key.pem"), pem("PRIVATE KEY", sp.keyPair().getPrivate().getEncoded()));
        Files.writeString(realms.resolve("sp.cert.pem"), pem("CERTIFICATE", sp.certificate().getEncoded()));
        Files.writeString(realms.resolve("uni.yaml"), """
                name: uni
                displayName: Portaal
                upstreams:
                  - id: university
                    type: saml
                    displayName: {nl: Universiteit, en: University}
                    metadata: http://localhost:%d/metadata
                    entityId: %s
                    metadataCertificate: md-signer.pem
                    signingKey: sp.key.pem
                    signingCertificate: sp.cert.pem
                """.formatted(metadataService.getAddress().getPort(), IDP));
        toegang = TestServer.embedded(temp.resolve("data"), realms, Map.of()).withClock(CLOCK).start();
    }

    @AfterAll
    static void stop() {
        if (metadataService != null) {
            metadataService.stop(0);
        }
        if (toegang != null) {
            toegang.stop();
        }
    }

    @Test
    void expiredMetadataIsNeverUsedAndARefreshThatBringsItKeepsTheLastGoodCopyWhileThatIsValid() throws Exception {
        Instant firstUntil = CLOCK.instant().plus(Duration.ofMinutes(30));
        served.set(metadata("https://idp.university.test/sso-1", firstUntil, "PT10M"));
        assertThat(ssoOfNextLogin()).isEqualTo("https://idp.university.test/sso-1");
        int read = fetches.get();

        // Within its cacheDuration: not fetched again.
        CLOCK.advance(Duration.ofMinutes(5));
        assertThat(ssoOfNextLogin()).isEqualTo("https://idp.university.test/sso-1");
        assertThat(fetches.get()).isEqualTo(read);

        // After it, the refresh brings metadata that has already expired: refused, the last good copy stays.
        served.set(metadata("https://idp.university.test/sso-expired", CLOCK.instant().minus(Duration.ofMinutes(1)),
                null));
        CLOCK.advance(Duration.ofMinutes(6));
        assertThat(ssoOfNextLogin()).isEqualTo("https://idp.university.test/sso-1");
        assertThat(fetches.get()).as("fetched, and refused").isEqualTo(read + 1);

        // Fresh metadata at the next attempt is taken.
        served.set(metadata("https://idp.university.test/sso-2", CLOCK.instant().plus(Duration.ofMinutes(20)),
                null));
        CLOCK.advance(SamlUpstreams.RETRY_AFTER_FAILURE.plusSeconds(1));
        assertThat(ssoOfNextLogin()).isEqualTo("https://idp.university.test/sso-2");

        // Only expired metadata on offer, and the last good copy's validUntil has passed: the IdP is not used.
        served.set(metadata("https://idp.university.test/sso-expired", CLOCK.instant().minus(Duration.ofMinutes(1)),
                null));
        CLOCK.advance(Duration.ofMinutes(21));
        var refused = new Browser(Map.of("Accept-Language", "en")).get(toegang.issuer("uni")
                + "/upstream/university/start");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("University cannot be reached").contains("id=\"upstream-back\"");
    }

    /** Where a login starting now is sent (the metadata's HTTP-Redirect SingleSignOnService). */
    private static String ssoOfNextLogin() {
        var start = new Browser(Map.of("Accept-Language", "en")).get(toegang.issuer("uni")
                + "/upstream/university/start");
        assertThat(start.statusCode()).as(start.body()).isEqualTo(303);
        String location = Browser.location(start);
        return location.substring(0, location.indexOf('?'));
    }

    private static byte[] metadata(String sso, Instant validUntil, String cacheDuration) throws Exception {
        String certificate = Base64.getEncoder().encodeToString(idpSigning.certificate().getEncoded());
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
                    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="%1$s" ID="_metadata1"
                    validUntil="%2$s"%3$s>
                  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>%4$s</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
                    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="%5$s"/>
                  </md:IDPSSODescriptor>
                </md:EntityDescriptor>
                """.formatted(IDP, validUntil, cacheDuration == null ? "" : " cacheDuration=\"" + cacheDuration
                + "\"", certificate, sso).strip();
        Document doc = parse(xml.getBytes(StandardCharsets.UTF_8));
        sign(doc.getDocumentElement(), null, metadataSigning.keyPair().getPrivate(), null);
        return serialize(doc);
    }
}
