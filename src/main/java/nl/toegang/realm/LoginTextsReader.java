package nl.toegang.realm;

import java.util.List;
import java.util.Optional;

/** Reads the optional top-level {@code texts:} block of a realm file. */
final class LoginTextsReader {
    static final List<String> FIELDS = List.of("digidWho", "emailWho", "support");
    private static final List<String> LANGUAGES = List.of("nl", "en");

    private LoginTextsReader() {
    }

    static LoginTexts read(YamlMapping block) {
        return new LoginTexts(text(block, "digidWho"), text(block, "emailWho"), text(block, "support"));
    }

    private static Optional<LoginTexts.Text> text(YamlMapping block, String field) {
        return block.mapping(field, "in texts." + field, LANGUAGES)
                .map(m -> new LoginTexts.Text(m.requiredString("nl").value(), m.requiredString("en").value()));
    }
}
