package nl.toegang.realm;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** Reads the optional top-level {@code maintenance:} block of a realm file. */
final class MaintenanceReader {
    static final List<String> FIELDS = List.of("message", "until", "blockSignedIn");
    private static final List<String> MESSAGE_FIELDS = List.of("nl", "en");

    private MaintenanceReader() {
    }

    static Maintenance read(YamlMapping block, ParseContext context) {
        YamlMapping message = block.mapping("message", "in maintenance.message", MESSAGE_FIELDS)
                .orElseThrow(() -> block.missing("message"));
        String nl = message.requiredString("nl").value();
        String en = message.requiredString("en").value();
        Optional<Instant> until = block.string("until").map(value -> {
            try {
                return Instant.parse(value.value());
            } catch (DateTimeParseException e) {
                throw context.error(value.line(), "maintenance.until '" + value.value()
                        + "' is not a time like 2026-12-01T06:00:00Z");
            }
        });
        return new Maintenance(nl, en, until, block.bool("blockSignedIn").orElse(false));
    }
}
