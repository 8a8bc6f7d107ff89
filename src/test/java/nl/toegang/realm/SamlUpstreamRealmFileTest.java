package nl.toegang.realm;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A {@code type: saml} entry of {@code upstreams:}: defaults, every field, and each operator error on its line. */
class SamlUpstreamRealmFileTest {
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
                "every-block-saml-sp.cert.pem", "every-block-saml-idp-tls.pem"}) {
            Files.copy(FILES.resolve(name), dir.resolve(name));
        }
    }

    private static String entry(String extra) {
        return """
                  - id: university
                    type: saml
                    displayName: {nl: Universiteit, en: University}
                    metadata: every-block-saml-idp.xml
                    signingKey: every-block-saml-sp.key.pem
                    signingCertificate: every-block-saml-sp.cert.pem
                """ + extra;
    }

    private RealmFiles files() {
        return RealmFiles.development(dir);
    }

    @Test
    void whenOnlyRequiredFieldsThenTheMetadataNamesTheIdpAndDefaultsApply() {
        UpstreamSettings upstream = files().parse(HEAD + entry("")).upstream("university").orElseThrow();
        assertThat(upstream.type()).isEqualTo(UpstreamSettings.Type.SAML);
        assertThat(upstream.issuer()).as("the entityID from the metadata").isEqualTo(
                "https://idp.university.example/saml");
        UpstreamSettings.Saml saml = upstream.saml().orElseThrow();
        assertThat(saml.authnRequestBinding()).isEqualTo(AuthnRequestBinding.REDIRECT);
        assertThat(saml.artifactResponse()).as("answers by POST by default").isFalse();
        assertThat(saml.requireEncryption()).isFalse();
        assertThat(saml.metadataFile()).contains(dir.resolve("every-block-saml-idp.xml"));
        assertThat(saml.idpTlsTrust()).isEmpty();
    }

    @Test
    void whenEveryFieldIsGivenThenItIsRead() {
        UpstreamSettings upstream = files().parse(HEAD + entry("""
                    entityId: https://idp.university.example/saml
                    authnRequestBinding: post
                    responseBinding: artifact
                    encryptedAssertions: required
                    idpTlsTrust: every-block-saml-idp-tls.pem
                    claims: {name: urn:oid:2.16.840.1.113730.3.1.241, email: mail}
                    acr:
                      - {upstream: "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport", issued: low}
                """)).upstreams().get(0);
        UpstreamSettings.Saml saml = upstream.saml().orElseThrow();
        assertThat(saml.authnRequestBinding()).isEqualTo(AuthnRequestBinding.POST);
        assertThat(saml.artifactResponse()).isTrue();
        assertThat(saml.requireEncryption()).isTrue();
        assertThat(saml.idpTlsTrust()).isPresent();
        assertThat(upstream.claims()).containsEntry("name", "urn:oid:2.16.840.1.113730.3.1.241");
        assertThat(upstream.level("urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"))
                .isPresent();
    }

    @Test
    void whenTheMetadataFileIsMissingThenRefusedOnItsLine() {
        var e = files().failure(HEAD + entry("").replace("every-block-saml-idp.xml", "nowhere.xml"));
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.problem()).contains("metadata file 'nowhere.xml' of upstream 'university' does not exist");
    }

    @Test
    void whenTheMetadataIsNotSamlMetadataThenRefusedNamingTheFile() throws IOException {
        Files.writeString(dir.resolve("every-block-saml-idp.xml"), "<html><body>login</body></html>");
        var e = files().failure(HEAD + entry(""));
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.problem()).contains("every-block-saml-idp.xml").contains("not an md:EntityDescriptor");
    }

    @Test
    void whenTheMetadataFileHasExpiredThenStartupIsRefusedNamingTheFile() throws IOException {
        Path file = dir.resolve("every-block-saml-idp.xml");
        String metadata = Files.readString(file);
        Files.writeString(file, metadata.replaceFirst("entityID=", "validUntil=\"2020-01-01T00:00:00Z\" entityID="));
        var e = files().failure(HEAD + entry(""));
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.problem()).contains("every-block-saml-idp.xml").contains("expired")
                .contains("2020-01-01T00:00:00Z");

        Files.writeString(file, metadata.replaceFirst("entityID=",
                "validUntil=\"2999-01-01T00:00:00Z\" cacheDuration=\"PT6H\" entityID="));
        assertThat(files().parse(HEAD + entry("")).upstream("university")).as("valid until 2999").isPresent();

        Files.writeString(file, metadata.replaceFirst("entityID=", "validUntil=\"next week\" entityID="));
        assertThat(files().failure(HEAD + entry("")).problem()).contains("validUntil 'next week' is not an"
                + " xs:dateTime");
    }

    @Test
    void presetDigidFixesTheLevelTableAndRefusesWhatDigidDecides() {
        UpstreamSettings digid = files().parse(HEAD + entry("    preset: digid\n")).upstream("university")
                .orElseThrow();
        assertThat(digid.digid()).isTrue();
        assertThat(digid.acr()).extracting(UpstreamSettings.AcrLevel::issued).containsExactly(
                "http://eID.logius.nl/LoA/basic", "http://eidas.europa.eu/LoA/low",
                "http://eidas.europa.eu/LoA/substantial", "http://eidas.europa.eu/LoA/high");
        for (String field : new String[]{"claims: {name: displayName}", "linking: none",
                "acr: [{upstream: a, issued: b}]"}) {
            var e = files().failure(HEAD + entry("    preset: digid\n    " + field + "\n"));
            assertThat(e.line()).as(field).isEqualTo(11);
            assertThat(e.problem()).contains("uses preset digid");
        }
        assertThat(files().failure(HEAD + entry("    preset: bsn\n")).problem()).contains("allowed: eidas, digid");
    }

    @Test
    void whenTheMetadataHasAPlainHttpEndpointThenRefused() throws IOException {
        Path file = dir.resolve("every-block-saml-idp.xml");
        Files.writeString(file, Files.readString(file).replace("https://idp.university.example/saml/artifact",
                "http://idp.university.example/saml/artifact"));
        var e = files().failure(HEAD + entry(""));
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.problem()).contains("plain http");
    }

    @Test
    void whenABindingValueIsUnknownThenRefusedOnItsLine() {
        var request = files().failure(HEAD + entry("    authnRequestBinding: artifact\n"));
        assertThat(request.line()).isEqualTo(10);
        assertThat(request.problem()).contains("unknown authnRequestBinding 'artifact'").contains("redirect, post");
        var response = files().failure(HEAD + entry("    responseBinding: redirect\n"));
        assertThat(response.line()).isEqualTo(10);
        assertThat(response.problem()).contains("unknown responseBinding 'redirect'").contains("post, artifact");
        var encrypted = files().failure(HEAD + entry("    encryptedAssertions: yes-please\n"));
        assertThat(encrypted.line()).isEqualTo(10);
        assertThat(encrypted.problem()).contains("unknown encryptedAssertions");
    }

    @Test
    void whenTheMetadataLacksTheChosenBindingThenRefused() throws IOException {
        Path file = dir.resolve("every-block-saml-idp.xml");
        String metadata = Files.readString(file);
        Files.writeString(file, metadata.replaceAll("\\s*<md:ArtifactResolutionService[^>]*/>", ""));
        var artifact = files().failure(HEAD + entry("    responseBinding: artifact\n"));
        assertThat(artifact.line()).isEqualTo(10);
        assertThat(artifact.problem()).contains("no SOAP ArtifactResolutionService");

        Files.writeString(file, metadata.replaceAll(
                "\\s*<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\"[^>]*/>",
                ""));
        var redirect = files().failure(HEAD + entry(""));
        assertThat(redirect.line()).isEqualTo(7);
        assertThat(redirect.problem()).contains("no HTTP-Redirect SingleSignOnService").contains("post");
    }

    @Test
    void whenAnEntityIdDiffersFromTheMetadataThenRefused() {
        var e = files().failure(HEAD + entry("    entityId: https://other.example/idp\n"));
        assertThat(e.line()).isEqualTo(10);
        assertThat(e.problem()).contains("but its metadata names 'https://idp.university.example/saml'");
    }

    @Test
    void whenTheMetadataIsAUrlThenItNeedsAPinnedCertificateAndTheEntityId() {
        String url = entry("").replace("every-block-saml-idp.xml", "https://idp.university.example/metadata");
        var noCertificate = files().failure(HEAD + url);
        assertThat(noCertificate.line()).isEqualTo(7);
        assertThat(noCertificate.problem()).contains("needs metadataCertificate");
        var noEntityId = files().failure(HEAD + url + "    metadataCertificate: every-block-saml-idp-tls.pem\n");
        assertThat(noEntityId.problem()).contains("needs entityId");
        UpstreamSettings ok = files().parse(HEAD + url + """
                    metadataCertificate: every-block-saml-idp-tls.pem
                    entityId: https://idp.university.example/saml
                """).upstreams().get(0);
        assertThat(ok.saml().orElseThrow().metadataUrl()).contains("https://idp.university.example/metadata");
    }

    @Test
    void whenKeysAreMissingOrOidcFieldsAppearThenRefused() {
        var noKey = files().failure(HEAD + entry("").replace("    signingKey: every-block-saml-sp.key.pem\n", ""));
        assertThat(noKey.problem()).contains("needs signingKey");
        var noCertificate = files().failure(HEAD + entry("")
                .replace("    signingCertificate: every-block-saml-sp.cert.pem\n", ""));
        assertThat(noCertificate.problem()).contains("needs signingCertificate");
        var oidcField = files().failure(HEAD + entry("    clientId: toegang\n"));
        assertThat(oidcField.line()).isEqualTo(10);
        assertThat(oidcField.problem()).contains("clientId of upstream 'university' is for OpenID Connect");
        var tlsTrustWithPost = files().failure(HEAD + entry("    idpTlsTrust: every-block-saml-idp-tls.pem\n"));
        assertThat(tlsTrustWithPost.problem()).contains("idpTlsTrust").contains("responseBinding: artifact");
    }
}
