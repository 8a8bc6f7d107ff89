package nl.toegang.saml;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.net.URI;
import java.security.SecureRandom;
import java.util.List;

import static nl.toegang.saml.SamlAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** AuthnRequest building and the signed HTTP-Redirect binding, both directions. */
class RedirectBindingTest {
    private static final String SSO = "https://preprod1.digid.nl/saml/idp/request_authentication";

    private final AuthnRequestFactory factory =
            new AuthnRequestFactory(TestIdp.CLOCK, new SecureRandom(), TestIdp.SP_ENTITY_ID, 1);
    private final RedirectBindingEncoder encoder = new RedirectBindingEncoder(TestCredential.SP_SIGNING.signing());
    private final RedirectBindingVerifier verifier =
            new RedirectBindingVerifier(List.of(TestCredential.SP_SIGNING.publicKey()), 64 * 1024);

    private static String query(String url) {
        return URI.create(url).getRawQuery();
    }

    @Test
    void authnRequestHasTheDigidShape() {
        AuthnRequest request = factory.create(SSO, DigidLevel.SUBSTANTIEEL, true);
        Element root = verifier.verify(query(encoder.encode(SSO, request.xml(), "k1"))).message().getDocumentElement();

        assertThat(root.getLocalName()).isEqualTo("AuthnRequest");
        assertThat(root.getAttribute("ID")).isEqualTo(request.id()).startsWith("_");
        assertThat(root.getAttribute("Version")).isEqualTo("2.0");
        assertThat(root.getAttribute("IssueInstant")).isEqualTo("2025-06-02T10:00:00Z");
        assertThat(root.getAttribute("Destination")).isEqualTo(SSO);
        assertThat(root.getAttribute("AssertionConsumerServiceIndex")).isEqualTo("1");
        assertThat(root.hasAttribute("AssertionConsumerServiceURL")).isFalse();
        assertThat(root.getAttribute("ForceAuthn")).isEqualTo("true");
        assertThat(root.hasAttribute("IsPassive")).isFalse();
        assertThat(root.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Issuer").item(0)
                .getTextContent()).isEqualTo(TestIdp.SP_ENTITY_ID);
        Element requested = (Element) root.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:protocol",
                "RequestedAuthnContext").item(0);
        assertThat(requested.getAttribute("Comparison")).isEqualTo("minimum");
        assertThat(requested.getElementsByTagNameNS("*", "AuthnContextClassRef").getLength()).isEqualTo(1);
        assertThat(requested.getTextContent()).isEqualTo(DigidLevel.SUBSTANTIEEL.classRef());
    }

    @Test
    void forceAuthnIsOmittedWhenNotRequested() {
        assertThat(factory.create(SSO, DigidLevel.MIDDEN, false).xml()).doesNotContain("ForceAuthn");
    }

    @Test
    void signAndVerifyRoundTrip() {
        AuthnRequest request = factory.create(SSO, DigidLevel.MIDDEN, false);
        String url = encoder.encode(SSO, request.xml(), "state with spaces & symbols=");

        assertThat(url).startsWith(SSO + "?SAMLRequest=").contains("&RelayState=").contains("&SigAlg=")
                .contains("&Signature=");
        VerifiedRedirect verified = verifier.verify(query(url));
        assertThat(verified.relayState()).isEqualTo("state with spaces & symbols=");
        assertThat(verified.sigAlg()).isEqualTo(RedirectBindingEncoder.SIG_ALG_RSA_SHA256);
    }

    @Test
    void roundTripWithoutRelayState() {
        String url = encoder.encode(SSO, factory.create(SSO, DigidLevel.MIDDEN, false).xml(), null);
        assertThat(url).doesNotContain("RelayState");
        assertThat(verifier.verify(query(url)).relayState()).isNull();
    }

    @Test
    void relayStateOver80BytesIsRefused() {
        String xml = factory.create(SSO, DigidLevel.MIDDEN, false).xml();
        encoder.encode(SSO, xml, "x".repeat(80));
        assertRefused(SamlReason.RELAY_STATE_TOO_LONG, () -> encoder.encode(SSO, xml, "x".repeat(81)));
        assertRefused(SamlReason.RELAY_STATE_TOO_LONG, () -> encoder.encode(SSO, xml, "é".repeat(41)));
    }

    @Test
    void tamperedRelayStateIsRefused() {
        String q = query(encoder.encode(SSO, factory.create(SSO, DigidLevel.MIDDEN, false).xml(), "abc"));
        assertRefused(SamlReason.REDIRECT_SIGNATURE_INVALID, () -> verifier.verify(q.replace("RelayState=abc",
                "RelayState=abd")));
    }

    @Test
    void tamperedRequestIsRefused() {
        String q = query(encoder.encode(SSO, factory.create(SSO, DigidLevel.MIDDEN, false).xml(), "abc"));
        String other = query(encoder.encode(SSO, factory.create(SSO, DigidLevel.HOOG, false).xml(), "abc"));
        String tampered = param(other, "SAMLRequest") + q.substring(q.indexOf("&RelayState"));
        assertRefused(SamlReason.REDIRECT_SIGNATURE_INVALID, () -> verifier.verify(tampered));
    }

    @Test
    void droppedRelayStateIsRefused() {
        String q = query(encoder.encode(SSO, factory.create(SSO, DigidLevel.MIDDEN, false).xml(), "abc"));
        assertRefused(SamlReason.REDIRECT_SIGNATURE_INVALID, () -> verifier.verify(q.replace("&RelayState=abc", "")));
    }

    @Test
    void signatureByAnotherKeyIsRefused() {
        var attacker = new RedirectBindingEncoder(TestCredential.ATTACKER.signing());
        String q = query(attacker.encode(SSO, factory.create(SSO, DigidLevel.MIDDEN, false).xml(), "abc"));
        assertRefused(SamlReason.REDIRECT_SIGNATURE_INVALID, () -> verifier.verify(q));
    }

    @Test
    void duplicateParameterIsRefused() {
        String q = query(encoder.encode(SSO, factory.create(SSO, DigidLevel.MIDDEN, false).xml(), "abc"));
        assertRefused(SamlReason.REDIRECT_MALFORMED, () -> verifier.verify(q + "&RelayState=other"));
    }

    @Test
    void missingSignatureIsRefused() {
        String q = query(encoder.encode(SSO, factory.create(SSO, DigidLevel.MIDDEN, false).xml(), "abc"));
        assertRefused(SamlReason.REDIRECT_MALFORMED, () -> verifier.verify(q.substring(0, q.indexOf("&Signature"))));
    }

    @Test
    void sha1SigAlgIsRefused() {
        String q = query(encoder.encode(SSO, factory.create(SSO, DigidLevel.MIDDEN, false).xml(), "abc"));
        assertRefused(SamlReason.ALGORITHM_NOT_ALLOWED, () -> verifier.verify(
                q.replace("rsa-sha256", "rsa-sha1").replace("xmldsig-more%23rsa-sha1", "xmldsig%23rsa-sha1")));
    }

    private static String param(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void aLogoutResponseByRedirectIsSignedAndVerifiedUnderItsOwnParameterName() {
        String xml = "<samlp:LogoutResponse xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_r1\"/>";
        String url = encoder.encode(SSO, "SAMLResponse", xml, "rs");
        assertThat(url).startsWith(SSO + "?SAMLResponse=");
        VerifiedRedirect verified = verifier.verify(query(url));
        assertThat(verified.messageName()).isEqualTo("SAMLResponse");
        assertThat(verified.message().getDocumentElement().getLocalName()).isEqualTo("LogoutResponse");
        assertThat(verified.relayState()).isEqualTo("rs");

        // The signature covers the parameter name: the same octets presented as a SAMLRequest do not verify.
        assertRefused(SamlReason.REDIRECT_SIGNATURE_INVALID, () -> verifier.verify(query(url)
                .replace("SAMLResponse=", "SAMLRequest=")));
        // Both at once would let the signature cover one while the reader takes the other.
        assertRefused(SamlReason.REDIRECT_MALFORMED, () -> verifier.verify(query(url) + "&SAMLRequest=x"));
    }
}
