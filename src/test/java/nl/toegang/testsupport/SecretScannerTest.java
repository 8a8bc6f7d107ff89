package nl.toegang.testsupport;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole-run scan's detector finds each kind of secret, names no secret, and leaves ordinary lines alone. */
class SecretScannerTest {
    private final SecretScanner scanner = new SecretScanner(List.of("Correct-Horse-Battery-42", "short"));

    @Test
    void findsTokensBsnsAndKnownSecrets() {
        var findings = scanner.scan("log", List.of(
                "2026-01-01 INFO token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln issued",
                "request bsn=999991772 done",
                "login with Correct-Horse-Battery-42",
                "encrypted eyJhbGciOiJSU0EtT0FFUCJ9.ZW5jcnlwdGVka2V5 id token"));
        assertThat(findings).extracting(SecretScanner.Finding::line).containsExactly(1, 2, 3, 4);
        assertThat(findings).allMatch(f -> !f.toString().contains("Correct-Horse") && !f.toString().contains("9999"));
    }

    @Test
    void ordinaryLinesPass() {
        assertThat(scanner.scan("log", List.of(
                "audit event=login realm=portal account=0f8fad5b-d9cb-469f-a165-70867728950e outcome=success",
                "port 123456789 is not a BSN: it fails the 11-proef",
                "Started in 12.345 seconds; short words like short are too short to be secrets",
                "kid=portal-2026-01 alg=RS256",
                "correlationId=18530b5f-f41c-420e-8b12-711128054c3e"))).isEmpty();
    }
}
