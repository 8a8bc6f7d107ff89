package nl.toegang.realm;

import nl.toegang.saml.DigidLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code digid:} block and the client {@code bsn:} block: defaults and the errors an operator can make. */
class DigidRealmFileTest {
    @TempDir
    Path dir;

    private static final String HEAD = """
            name: portal
            displayName: Portaal
            """;

    @Test
    void whenMockOnlyThenDefaultsApply() {
        RealmDefinition realm = RealmFiles.development(dir).parse(HEAD + "digid: {mock: true}\n");
        DigidSettings digid = realm.digid().orElseThrow();
        assertThat(digid.mock()).isTrue();
        assertThat(digid.defaultLevel()).isEqualTo(DigidLevel.MIDDEN);
        assertThat(digid.allowedLevels()).containsExactly(DigidLevel.MIDDEN, DigidLevel.SUBSTANTIEEL, DigidLevel.HOOG);
        assertThat(digid.sector()).isEqualTo("s00000000");
    }

    @Test
    void whenNoDigidBlockThenRealmHasNoDigid() {
        assertThat(RealmFiles.development(dir).parse(HEAD).digid()).isEmpty();
    }

    @Test
    void whenProductionThenMockIsRefusedOnItsLine() {
        assertThatThrownBy(() -> RealmFiles.development(dir).inProduction().parse(HEAD + "digid:\n  mock: true\n"))
                .isInstanceOfSatisfying(RealmFileException.class, e -> {
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.problem()).contains("development only");
                });
    }

    @Test
    void whenRealIdpWithoutMetadataThenRefused() {
        assertThatThrownBy(() -> RealmFiles.development(dir).parse(HEAD + "digid:\n  sector: s00000000\n"))
                .isInstanceOfSatisfying(RealmFileException.class,
                        e -> assertThat(e.problem()).contains("idpMetadata"));
    }

    @Test
    void whenMetadataFileMissingThenRefusedOnItsLine() {
        assertThatThrownBy(() -> RealmFiles.development(dir).parse(HEAD + "digid:\n  idpMetadata: nope.xml\n"))
                .isInstanceOfSatisfying(RealmFileException.class, e -> {
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.problem()).contains("nope.xml");
                });
    }

    @Test
    void whenUnknownLevelOrBadSectorThenRefused() {
        assertThatThrownBy(() -> RealmFiles.development(dir).parse(HEAD + "digid:\n  mock: true\n  defaultLevel: laag\n"))
                .isInstanceOfSatisfying(RealmFileException.class, e -> assertThat(e.line()).isEqualTo(5));
        assertThatThrownBy(() -> RealmFiles.development(dir).parse(HEAD + "digid:\n  mock: true\n  sector: 123\n"))
                .isInstanceOfSatisfying(RealmFileException.class, e -> assertThat(e.line()).isEqualTo(5));
        assertThatThrownBy(() -> RealmFiles.development(dir).parse(
                HEAD + "digid:\n  mock: true\n  defaultLevel: basis\n  allowedLevels: [hoog]\n"))
                .isInstanceOfSatisfying(RealmFileException.class,
                        e -> assertThat(e.problem()).contains("allowedLevels"));
    }

    @Test
    void whenIdpTlsTrustIsGivenThenItIsReadAndItsCertificatesAreChecked() throws Exception {
        var idp = new nl.toegang.testsupport.DigidMetadataRealm();
        Path realm = idp.write(dir, "https://rp.example.test/cb", nl.toegang.testsupport.DigidMetadataRealm.Endpoints
                .https("https://idp.example.test/resolve"));
        String yaml = java.nio.file.Files.readString(realm);
        java.nio.file.Files.writeString(dir.resolve("idp-tls.pem"),
                nl.toegang.saml.PemFiles.pem(idp.spTls().certificate()));
        java.nio.file.Files.writeString(dir.resolve("not-a-certificate.pem"), "hello\n");
        int trustLine = (int) yaml.lines().count() + 1;

        DigidSettings digid = RealmFiles.development(dir).parse(yaml + "  idpTlsTrust: idp-tls.pem\n").digid()
                .orElseThrow();
        assertThat(digid.idpTlsTrust()).contains(dir.resolve("idp-tls.pem"));
        assertThat(RealmFiles.development(dir).parse(yaml).digid().orElseThrow().idpTlsTrust()).isEmpty();

        assertThat(RealmFiles.development(dir).failure(yaml + "  idpTlsTrust: not-a-certificate.pem\n"))
                .satisfies(e -> {
                    assertThat(e.line()).isEqualTo(trustLine);
                    assertThat(e.problem()).contains("idpTlsTrust", "not-a-certificate.pem");
                });
        assertThat(RealmFiles.development(dir).failure(yaml + "  idpTlsTrust: missing.pem\n"))
                .satisfies(e -> assertThat(e.line()).isEqualTo(trustLine));
        assertThat(RealmFiles.development(dir).failure(HEAD + "digid:\n  mock: true\n  idpTlsTrust: idp-tls.pem\n"))
                .satisfies(e -> {
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.problem()).contains("mock");
                });
    }

    @Test
    void whenEligibleClientHasNoEncryptionKeyThenRefused() {
        assertThatThrownBy(() -> RealmFiles.development(dir).parse(HEAD + """
                clients:
                  - clientId: rp
                    type: confidential
                    secret: s3cr3t-for-tests-only-0123456789abcdef
                    redirectUris: [https://rp.example.test/cb]
                    scopes: [openid, bsn]
                    bsn:
                      eligible: true
                """)).isInstanceOfSatisfying(RealmFileException.class,
                e -> assertThat(e.problem()).contains("encrypted ID token"));
    }

    @Test
    void whenEligibleClientLacksBsnScopeThenRefused() {
        assertThatThrownBy(() -> RealmFiles.development(dir).parse(HEAD + """
                clients:
                  - clientId: rp
                    type: confidential
                    secret: s3cr3t-for-tests-only-0123456789abcdef
                    redirectUris: [https://rp.example.test/cb]
                    bsn:
                      eligible: true
                      encryptIdToken: false
                """)).isInstanceOfSatisfying(RealmFileException.class,
                e -> assertThat(e.problem()).contains("'bsn' scope"));
    }
}
