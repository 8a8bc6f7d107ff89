package nl.toegang.saml;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static nl.toegang.saml.SamlAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** The eIDAS SAML Attribute Profile v1.2 as {@link EidasPerson} reads it, and the request {@code forEidas} builds. */
class EidasPersonTest {
    static final LocalDate TODAY = LocalDate.of(2026, 12, 6);

    static Map<String, List<String>> minimum() {
        Map<String, List<String>> a = new LinkedHashMap<>();
        a.put(EidasPerson.PERSON_IDENTIFIER, List.of("DE/NL/abc-123_X"));
        a.put(EidasPerson.FAMILY_NAME, List.of("Mustermann"));
        a.put(EidasPerson.GIVEN_NAME, List.of("Erika"));
        a.put(EidasPerson.DATE_OF_BIRTH, List.of("1964-08-12"));
        return a;
    }

    @Test
    void theMinimumDataSetBecomesClaimsWithTheIssuingCountry() {
        EidasPerson person = EidasPerson.from(minimum(), "NL", TODAY);
        assertThat(person.country()).isEqualTo("DE");
        assertThat(person.claims()).containsEntry("given_name", "Erika").containsEntry("family_name", "Mustermann")
                .containsEntry("birthdate", "1964-08-12").containsEntry("eidas_country", "DE")
                .containsEntry("eidas_person_identifier", "DE/NL/abc-123_X").doesNotContainKey("gender");
        assertThat(person.toString()).doesNotContain("abc-123");
    }

    @Test
    void optionalAttributesAreReadOrLeftOutWhenOfTheWrongForm() {
        Map<String, List<String>> a = minimum();
        a.put(EidasPerson.PREFIX + "Gender", List.of("Female"));
        a.put(EidasPerson.PREFIX + "BirthName", List.of("Gabler"));
        a.put(EidasPerson.PREFIX + "CurrentAddress", List.of(Base64.getEncoder().encodeToString(
                "<eidas-natural:FullCVaddress>Heidestraße 17, 51147 Köln</eidas-natural:FullCVaddress>"
                        .getBytes(StandardCharsets.UTF_8))));
        EidasPerson person = EidasPerson.from(a, "NL", TODAY);
        assertThat(person.gender()).contains("female");
        assertThat(person.birthName()).contains("Gabler");
        assertThat(person.currentAddress()).contains("Heidestraße 17, 51147 Köln");

        a.put(EidasPerson.PREFIX + "Gender", List.of("Robot"));
        a.put(EidasPerson.PREFIX + "CurrentAddress", List.of("not base64 %%%"));
        a.put(EidasPerson.PREFIX + "PlaceOfBirth", List.of("x".repeat(201)));
        EidasPerson lenient = EidasPerson.from(a, "NL", TODAY);
        assertThat(lenient.gender()).isEmpty();
        assertThat(lenient.currentAddress()).isEmpty();
        assertThat(lenient.placeOfBirth()).isEmpty();
        assertThat(EidasPerson.address(Base64.getEncoder().encodeToString("<!DOCTYPE x><x/>"
                .getBytes(StandardCharsets.UTF_8)))).as("no DOCTYPE inside an address either").isEmpty();
    }

    @Test
    void everyFormErrorOfTheMinimumDataSetIsRefused() {
        for (String name : EidasPerson.MINIMUM) {
            Map<String, List<String>> a = minimum();
            a.put(name, List.of("  "));
            assertRefused(SamlReason.EIDAS_ATTRIBUTE_MISSING, () -> EidasPerson.from(a, "NL", TODAY));
        }
        for (String identifier : List.of("DE/NL/", "de/NL/1", "DE/NL", "DEU/NL/1", "DE/NL/a b", "DE/NL/é",
                "DE/BE/123")) {
            Map<String, List<String>> a = minimum();
            a.put(EidasPerson.PERSON_IDENTIFIER, List.of(identifier));
            assertRefused(SamlReason.EIDAS_ATTRIBUTE_MALFORMED, () -> EidasPerson.from(a, "NL", TODAY));
        }
        for (String date : List.of("1964-8-12", "12-08-1964", "1964-13-01", "2027-01-01", "19640812")) {
            Map<String, List<String>> a = minimum();
            a.put(EidasPerson.DATE_OF_BIRTH, List.of(date));
            assertRefused(SamlReason.EIDAS_ATTRIBUTE_MALFORMED, () -> EidasPerson.from(a, "NL", TODAY));
        }
        Map<String, List<String>> a = minimum();
        a.put(EidasPerson.FAMILY_NAME, List.of("x".repeat(201)));
        assertRefused(SamlReason.EIDAS_ATTRIBUTE_MALFORMED, () -> EidasPerson.from(a, "NL", TODAY));
    }

    @Test
    void anExactComparisonListsEveryAcceptedLevelAndABrokerRequestHasNoExtensions() {
        var factory = AuthnRequestFactory.forUpstream(Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"),
                ZoneOffset.UTC), new SecureRandom(), "https://sp.example/md", "https://sp.example/acs", false);
        String exact = factory.forEidas(new EidasRequest(Optional.empty(), List.of(), Optional.empty(), "exact"))
                .create("https://node.example/sso", List.of("urn:a", "urn:b"), false).xml();
        assertThat(exact).contains("Comparison=\"exact\"").contains(">urn:a<").contains(">urn:b<")
                .contains("ForceAuthn=\"true\"").doesNotContain("Extensions").doesNotContain("NameIDPolicy");
        String minimum = factory.forEidas(new EidasRequest(Optional.of("private"), List.of(
                        new EidasRequest.Requested(EidasPerson.PERSON_IDENTIFIER, true)), Optional.empty(), "minimum"))
                .create("https://node.example/sso", List.of("urn:a", "urn:b"), false).xml();
        assertThat(minimum).contains("Comparison=\"minimum\"").contains(">urn:a<").doesNotContain(">urn:b<")
                .contains(">private</eidas:SPType>").contains("isRequired=\"true\"");
    }
}
