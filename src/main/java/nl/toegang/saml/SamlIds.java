package nl.toegang.saml;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/** SAML message IDs (xs:ID: must start with a letter or underscore; 160 random bits) and UTC instants. */
final class SamlIds {
    private SamlIds() {
    }

    static String newId(SecureRandom random) {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return "_" + HexFormat.of().formatHex(bytes);
    }

    /** DigiD wants IssueInstant in UTC ending in "Z"; whole seconds keep it simple. */
    static String instant(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
