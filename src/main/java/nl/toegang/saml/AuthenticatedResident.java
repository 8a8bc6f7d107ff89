package nl.toegang.saml;

import java.time.Instant;

/** DigiD authenticated a resident. {@code bsn} masks itself in toString, so this record is safe to log. */
public record AuthenticatedResident(Bsn bsn, String levelClassRef, String assertionId, Instant authnInstant,
                                    String sessionIndex) implements SamlOutcome {
}
