package nl.toegang.federation.upstream;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static nl.toegang.testsupport.Browser.hidden;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm-file settings by which a broker (eToegang) differs from a direct eIDAS node, as a broker receives them
 * over HTTP: the AuthnRequest's {@code AttributeConsumingServiceIndex} (its service catalogue entry) and the
 * {@code eidas:SPType} in our SP metadata instead of, or as well as, the request (docs/eidas.md).
 */
class EidasBrokerSettingsTest {
    static final String EIDAS = "http://eidas.europa.eu/saml-extensions";
    static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";

    @TempDir
    static Path temp;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        String realm = """
                name: %s
                displayName: Portaal
                upstreams:
                  - id: eu
                    type: saml
                    preset: eidas
                    displayName: {nl: Europese eID, en: European eID}
                    eidas: {%s, mock: true}
                """;
        Files.writeString(realms.resolve("broker.yaml"), realm.formatted("broker",
                "spType: public, spTypeIn: metadata, requestedAttributes: metadata, attributeConsumingServiceIndex: 7"));
        Files.writeString(realms.resolve("both.yaml"), realm.formatted("both", "spType: private, spTypeIn: both"));
        Files.writeString(realms.resolve("node.yaml"), realm.formatted("node", "spType: public"));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    static Document xml(byte[] bytes) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
    }

    /** The AuthnRequest our start page posts to the node. */
    static Element authnRequest(String realm) throws Exception {
        var start = new Browser().get(server.issuer(realm) + "/upstream/eu/start");
        assertThat(start.statusCode()).as(start.body()).isEqualTo(200);
        return xml(Base64.getDecoder().decode(hidden(start, "SAMLRequest"))).getDocumentElement();
    }

    static Document metadata(String realm) throws Exception {
        var response = new Browser().get(server.issuer(realm) + "/upstream/eu/saml/metadata",
                Map.of("Accept", "application/samlmetadata+xml"));
        assertThat(response.statusCode()).isEqualTo(200);
        return xml(response.body().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBrokerGetsTheServiceIndexInTheRequestAndTheSectorOnlyInOurMetadata() throws Exception {
        Element request = authnRequest("broker");
        assertThat(request.getAttribute("AttributeConsumingServiceIndex")).isEqualTo("7");
        assertThat(request.getElementsByTagNameNS(EIDAS, "SPType").getLength()).as("not in the request").isZero();
        assertThat(request.getElementsByTagNameNS(EIDAS, "RequestedAttributes").getLength()).isZero();
        assertThat(request.getElementsByTagNameNS(PROTOCOL, "Extensions").getLength()).isZero();
        assertThat(request.getAttribute("AssertionConsumerServiceURL")).endsWith("/realms/broker/upstream/eu/saml/acs");

        Document metadata = metadata("broker");
        var spTypes = metadata.getElementsByTagNameNS(EIDAS, "SPType");
        assertThat(spTypes.getLength()).isEqualTo(1);
        assertThat(spTypes.item(0).getTextContent()).isEqualTo("public");
        Element extensions = (Element) spTypes.item(0).getParentNode();
        assertThat(extensions.getNamespaceURI()).isEqualTo(MD);
        assertThat(extensions.getLocalName()).isEqualTo("Extensions");
        assertThat(extensions.getParentNode()).as("the EntityDescriptor's own Extensions")
                .isSameAs(metadata.getDocumentElement());
        assertThat(extensions.getPreviousSibling().getLocalName()).as("schema order: Signature, Extensions")
                .isEqualTo("Signature");
    }

    @Test
    void spTypeInBothGoesToTheRequestAndTheMetadata() throws Exception {
        Element request = authnRequest("both");
        assertThat(request.getElementsByTagNameNS(EIDAS, "SPType").item(0).getTextContent()).isEqualTo("private");
        assertThat(request.hasAttribute("AttributeConsumingServiceIndex")).isFalse();
        assertThat(metadata("both").getElementsByTagNameNS(EIDAS, "SPType").item(0).getTextContent())
                .isEqualTo("private");
    }

    @Test
    void aNodeByDefaultGetsTheSectorInTheRequestOnly() throws Exception {
        Element request = authnRequest("node");
        assertThat(request.getElementsByTagNameNS(EIDAS, "SPType").item(0).getTextContent()).isEqualTo("public");
        assertThat(request.hasAttribute("AttributeConsumingServiceIndex")).isFalse();
        assertThat(metadata("node").getElementsByTagNameNS(EIDAS, "SPType").getLength()).isZero();
        assertThat(metadata("node").getElementsByTagNameNS(MD, "Extensions").getLength()).isZero();
    }
}
