package nl.toegang.saml;

import nl.toegang.saml.xml.SecureXmlParser;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A natural person as an eIDAS answer describes them (eIDAS SAML Attribute Profile v1.2, docs/eidas.md), read from the
 * attributes of an already verified assertion: the minimum data set must be complete and of its form, or the answer
 * is refused; optional attributes of the wrong form are left out. Where a name came in Latin script beside a
 * non-Latin original the Latin one is used ({@link AssertionValidator} puts it first). toString masks the person.
 *
 * @param personIdentifier the unique identifier {@code XX/YY/...}; never shown, stored only encrypted or hashed
 * @param country          XX: the country that issued the identity
 */
public record EidasPerson(String personIdentifier, String country, String familyName, String givenName,
                          LocalDate dateOfBirth, Optional<String> birthName, Optional<String> placeOfBirth,
                          Optional<String> currentAddress, Optional<String> gender) {
    public static final String PREFIX = "http://eidas.europa.eu/attributes/naturalperson/";
    public static final String PERSON_IDENTIFIER = PREFIX + "PersonIdentifier";
    public static final String FAMILY_NAME = PREFIX + "CurrentFamilyName";
    public static final String GIVEN_NAME = PREFIX + "CurrentGivenName";
    public static final String DATE_OF_BIRTH = PREFIX + "DateOfBirth";
    /** The minimum data set: always requested, always required. */
    public static final List<String> MINIMUM = List.of(PERSON_IDENTIFIER, FAMILY_NAME, GIVEN_NAME, DATE_OF_BIRTH);
    /** Longest name kept; the profile sets no limit, a claim needs one. */
    static final int MAX_NAME = 200;
    /** XX/YY/ then the unique part: readable characters, no spaces (Attribute Profile §2.2, PersonIdentifier). */
    private static final Pattern IDENTIFIER = Pattern.compile("([A-Z]{2})/([A-Z]{2})/([\\x21-\\x7E]{1,256})");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Map<String, String> GENDERS = Map.of("Male", "male", "Female", "female",
            "Unspecified", "unspecified", "Not Specified", "unspecified");

    /**
     * @param receivingCountry YY must be this country (the PersonIdentifier is meant for us)
     * @param today            a date of birth after it is refused
     */
    public static EidasPerson from(Map<String, List<String>> attributes, String receivingCountry, LocalDate today) {
        String step = "eIDAS attributes";
        for (String name : MINIMUM) {
            if (first(attributes, name).isEmpty()) {
                throw new SamlValidationException(SamlReason.EIDAS_ATTRIBUTE_MISSING, step + ": "
                        + name.substring(PREFIX.length()) + " of the minimum data set is missing");
            }
        }
        String identifier = first(attributes, PERSON_IDENTIFIER).orElseThrow();
        Matcher m = IDENTIFIER.matcher(identifier);
        if (!m.matches()) {
            throw new SamlValidationException(SamlReason.EIDAS_ATTRIBUTE_MALFORMED,
                    step + ": PersonIdentifier is not of the form XX/YY/identifier");
        }
        if (!m.group(2).equals(receivingCountry)) {
            throw new SamlValidationException(SamlReason.EIDAS_ATTRIBUTE_MALFORMED, step + ": PersonIdentifier is"
                    + " meant for " + m.group(2) + ", not for " + receivingCountry);
        }
        String date = first(attributes, DATE_OF_BIRTH).orElseThrow();
        LocalDate birth;
        try {
            if (!DATE.matcher(date).matches()) {
                throw new DateTimeParseException("not YYYY-MM-DD", date, 0);
            }
            birth = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new SamlValidationException(SamlReason.EIDAS_ATTRIBUTE_MALFORMED,
                    step + ": DateOfBirth " + SafeText.quote(date) + " is not a date YYYY-MM-DD");
        }
        if (birth.isAfter(today)) {
            throw new SamlValidationException(SamlReason.EIDAS_ATTRIBUTE_MALFORMED,
                    step + ": DateOfBirth lies in the future");
        }
        return new EidasPerson(identifier, m.group(1), name(attributes, FAMILY_NAME, step),
                name(attributes, GIVEN_NAME, step), birth, optionalName(attributes, PREFIX + "BirthName"),
                optionalName(attributes, PREFIX + "PlaceOfBirth"),
                first(attributes, PREFIX + "CurrentAddress").flatMap(EidasPerson::address),
                first(attributes, PREFIX + "Gender").map(g -> GENDERS.get(g.strip())));
    }

    /** The claims Toegang keeps (encrypted) for this person; the identifier under its own name, released apart. */
    public Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("given_name", givenName);
        claims.put("family_name", familyName);
        claims.put("birthdate", dateOfBirth.toString());
        claims.put("eidas_country", country);
        birthName.ifPresent(v -> claims.put("eidas_birth_name", v));
        placeOfBirth.ifPresent(v -> claims.put("eidas_place_of_birth", v));
        currentAddress.ifPresent(v -> claims.put("eidas_address", v));
        gender.ifPresent(v -> claims.put("gender", v));
        claims.put("eidas_person_identifier", personIdentifier);
        return claims;
    }

    private static Optional<String> first(Map<String, List<String>> attributes, String name) {
        return attributes.getOrDefault(name, List.of()).stream().map(String::strip).filter(v -> !v.isEmpty())
                .findFirst();
    }

    private static String name(Map<String, List<String>> attributes, String attribute, String step) {
        String value = first(attributes, attribute).orElseThrow();
        if (value.length() > MAX_NAME || value.chars().anyMatch(Character::isISOControl)) {
            throw new SamlValidationException(SamlReason.EIDAS_ATTRIBUTE_MALFORMED, step + ": "
                    + attribute.substring(PREFIX.length()) + " is longer than " + MAX_NAME
                    + " characters or holds control characters");
        }
        return value;
    }

    private static Optional<String> optionalName(Map<String, List<String>> attributes, String attribute) {
        return first(attributes, attribute)
                .filter(v -> v.length() <= MAX_NAME && v.chars().noneMatch(Character::isISOControl));
    }

    /**
     * CurrentAddress is base64 of address elements (Attribute Profile v1.2, CurrentAddressType); kept as one line:
     * the full address when given, else its parts in order. Anything unreadable is left out.
     */
    static Optional<String> address(String base64) {
        try {
            String xml = new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
            Element root = new SecureXmlParser(16 * 1024).parse(("<a xmlns:eidas-natural=\"" + PREFIX.substring(0,
                    PREFIX.length() - 1) + "\">" + xml + "</a>").getBytes(StandardCharsets.UTF_8))
                    .getDocumentElement();
            StringBuilder parts = new StringBuilder();
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    String text = e.getTextContent().strip();
                    if (e.getLocalName().equals("FullCVaddress") && !text.isEmpty()) {
                        return Optional.of(text).filter(t -> t.length() <= MAX_NAME);
                    }
                    if (!text.isEmpty()) {
                        parts.append(parts.isEmpty() ? "" : ", ").append(text);
                    }
                }
            }
            String line = parts.toString().replaceAll("\\s+", " ");
            return line.isEmpty() || line.length() > MAX_NAME ? Optional.empty() : Optional.of(line);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "EidasPerson[country=" + country + ", personIdentifier=(" + personIdentifier.length()
                + " characters)]";
    }
}
