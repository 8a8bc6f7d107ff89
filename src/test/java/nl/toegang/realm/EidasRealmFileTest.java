package nl.toegang.realm;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code preset: eidas} on a SAML upstream: its defaults, a broker's settings, and each operator error on its line. */
class EidasRealmFileTest {
    @TempDir
    Path dir;

    private static final Path FILES = Path.of("src/test/resources/realm-files");
    private static final String HEAD = """
            name: portal
            displayName: Portaal
            upstreams:
            """;

    @BeforeEach
    void copyFiles() throws IOException {
        for (String name : new String[]{"every-block-saml-idp.xml", "every-block-saml-sp.key.pem",
                "every-block-saml-sp.cert.pem"}) {
            Files.copy(FILES.resolve(name), dir.resolve(name));
        }
    }

    private static String entry(String extra) {
        return """
                  - id: eu
                    type: saml
                    preset: eidas
                    displayName: {nl: Europese eID, en: European eID}
                    metadata: every-block-saml-idp.xml
                    signingKey: every-block-saml-sp.key.pem
                    signingCertificate: every-block-saml-sp.cert.pem
                """ + extra;
    }

    @Test
    void aNodeGetsTheEidasDefaults() {
        UpstreamSettings upstream = RealmFiles.development(dir).parse(HEAD + entry("""
                    eidas: {spType: public}
                """)).upstream("eu").orElseThrow();
        UpstreamSettings.Saml saml = upstream.saml().orElseThrow();
        assertThat(upstream.eidas()).isTrue();
        assertThat(saml.authnRequestBinding()).as("eIDAS nodes take POST").isEqualTo(AuthnRequestBinding.POST);
        assertThat(saml.requireEncryption()).as("encrypted assertions unless said otherwise").isTrue();
        UpstreamSettings.Eidas eidas = saml.eidas().orElseThrow();
        assertThat(eidas.spType()).contains("public");
        assertThat(eidas.requestedAttributesInRequest()).isTrue();
        assertThat(eidas.optionalAttributes()).isEmpty();
        assertThat(eidas.nameIdFormat()).contains("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
        assertThat(eidas.comparison()).isEqualTo("minimum");
        assertThat(eidas.receivingCountry()).isEqualTo("NL");
        assertThat(upstream.acr()).extracting(UpstreamSettings.AcrLevel::issued)
                .containsExactly("http://eidas.europa.eu/LoA/low", "http://eidas.europa.eu/LoA/substantial",
                        "http://eidas.europa.eu/LoA/high");
        assertThat(upstream.acr()).allSatisfy(level -> assertThat(level.upstream()).isEqualTo(level.issued()));
    }

    @Test
    void aBrokerSendsNoExtensionsAndMapsItsOwnLevels() {
        UpstreamSettings upstream = RealmFiles.development(dir).parse(HEAD + entry("""
                    encryptedAssertions: optional
                    eidas:
                      spType: none
                      requestedAttributes: metadata
                      nameIdFormat: none
                      comparison: exact
                      optionalAttributes: [Gender, BirthName]
                    acr:
                      - {upstream: "urn:etoegang:core:assurance-class:loa3", issued: "http://eidas.europa.eu/LoA/substantial"}
                """)).upstream("eu").orElseThrow();
        UpstreamSettings.Eidas eidas = upstream.saml().orElseThrow().eidas().orElseThrow();
        assertThat(eidas.spType()).isEmpty();
        assertThat(eidas.requestedAttributesInRequest()).isFalse();
        assertThat(eidas.nameIdFormat()).isEmpty();
        assertThat(eidas.comparison()).isEqualTo("exact");
        assertThat(eidas.optionalAttributes()).containsExactly("Gender", "BirthName");
        assertThat(upstream.saml().orElseThrow().requireEncryption()).isFalse();
        assertThat(upstream.level("urn:etoegang:core:assurance-class:loa3").orElseThrow().issued())
                .isEqualTo("http://eidas.europa.eu/LoA/substantial");
    }

    @Test
    void aBrokerMayTakeTheSectorFromOurMetadataAndAServiceCatalogueIndex() {
        UpstreamSettings.Eidas eidas = RealmFiles.development(dir).parse(HEAD + entry("""
                    eidas: {spType: public, spTypeIn: metadata, attributeConsumingServiceIndex: 7}
                """)).upstream("eu").orElseThrow().saml().orElseThrow().eidas().orElseThrow();
        assertThat(eidas.spType()).contains("public");
        assertThat(eidas.spTypeInRequest()).isFalse();
        assertThat(eidas.spTypeInMetadata()).isTrue();
        assertThat(eidas.attributeConsumingServiceIndex()).contains(7);
        UpstreamSettings.Eidas both = RealmFiles.development(dir).parse(HEAD + entry("""
                    eidas: {spType: private, spTypeIn: both}
                """)).upstream("eu").orElseThrow().saml().orElseThrow().eidas().orElseThrow();
        assertThat(both.spTypeInRequest()).isTrue();
        assertThat(both.spTypeInMetadata()).isTrue();
        assertThat(both.attributeConsumingServiceIndex()).isEmpty();
        UpstreamSettings.Eidas node = RealmFiles.development(dir).parse(HEAD + entry("""
                    eidas: {spType: public}
                """)).upstream("eu").orElseThrow().saml().orElseThrow().eidas().orElseThrow();
        assertThat(node.spTypeInRequest()).as("the default: in the request only").isTrue();
        assertThat(node.spTypeInMetadata()).isFalse();
    }

    @Test
    void brokerSettingMistakesAreRefusedOnTheirLine() {
        Map<String, String> cases = Map.of(
                "    eidas:\n      spType: public\n      spTypeIn: header\n", "unknown eidas.spTypeIn 'header'",
                "    eidas:\n      spType: none\n      spTypeIn: metadata\n", "needs eidas.spType public or private",
                "    eidas:\n      spType: public\n      attributeConsumingServiceIndex: 65536\n",
                "must be a whole number from 0 to 65535",
                "    eidas:\n      spType: public\n      attributeConsumingServiceIndex: -1\n",
                "must be a whole number from 0 to 65535",
                "    eidas:\n      spType: public\n      attributeConsumingServiceIndex: seven\n",
                "must be a whole number from 0 to 65535");
        cases.forEach((extra, problem) -> {
            var e = RealmFiles.development(dir).failure(HEAD + entry(extra));
            assertThat(e.problem()).as(extra).contains(problem);
            assertThat(e.line()).as(extra).isEqualTo(13);
        });
    }

    @Test
    void mistakesAreRefusedOnTheirLine() {
        Map<String, String> cases = Map.of(
                "    eidas: {spType: government}\n", "unknown eidas.spType 'government'",
                "    eidas: {spType: public, optionalAttributes: [Nationality]}\n",
                "unknown eidas.optionalAttributes entry 'Nationality'",
                "    eidas: {spType: public, receivingCountry: nl}\n", "must be two capital letters",
                "    eidas: {spType: public}\n    claims: {name: x}\n", "remove claims",
                "    eidas: {spType: public}\n    acr:\n      - {upstream: loa3, issued: urn:my:acr}\n",
                "an eIDAS upstream issues the eIDAS level",
                "    eidas: {spType: public, nameIdFormat: email}\n", "unknown eidas.nameIdFormat 'email'",
                "", "has no eidas block");
        cases.forEach((extra, problem) -> assertThat(RealmFiles.development(dir).failure(HEAD + entry(extra))
                .problem()).as(extra).contains(problem));
        var e = RealmFiles.development(dir).failure(HEAD + entry("    eidas: {spType: public}\n")
                .replace("preset: eidas", "preset: bankid"));
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.problem()).contains("unknown preset 'bankid'");
        assertThat(RealmFiles.development(dir).failure(HEAD + entry("    eidas: {spType: public}\n")
                .replace("    preset: eidas\n", "")).problem()).contains("eidas of upstream 'eu' needs preset: eidas");
    }

    @Test
    void theMockNodeIsForDevelopmentOnly() {
        String mock = HEAD + """
                  - id: eu
                    type: saml
                    preset: eidas
                    displayName: {nl: Europese eID, en: European eID}
                    signingKey: every-block-saml-sp.key.pem
                    signingCertificate: every-block-saml-sp.cert.pem
                    eidas: {spType: public, mock: true}
                """;
        UpstreamSettings upstream = RealmFiles.development(dir).parse(mock).upstream("eu").orElseThrow();
        assertThat(upstream.issuer()).isEqualTo(UpstreamSettings.MOCK_EIDAS_ENTITY_ID_PREFIX + "eu");
        assertThat(upstream.saml().orElseThrow().requireEncryption()).isTrue();
        var e = RealmFiles.development(dir).inProduction().failure(mock);
        assertThat(e.problem()).contains("mock eIDAS node").contains("remove mock: true in production");
        assertThat(RealmFiles.development(dir).failure(mock + "    metadata: every-block-saml-idp.xml\n")
                .problem()).contains("does not apply to the built-in mock eIDAS node");
    }
}
