package nl.toegang.realm;

import java.util.Optional;

/**
 * Wording a realm shows on its login pages, in Dutch and English: who should use DigiD, who should use an email
 * account, and how to reach support. Absent parts fall back to the built-in texts.
 */
public record LoginTexts(Optional<Text> digidWho, Optional<Text> emailWho, Optional<Text> support) {

    /** One text in both languages. */
    public record Text(String nl, String en) {
        public String in(String language) {
            return "en".equals(language) ? en : nl;
        }
    }
}
