package nl.toegang.account.password;

import com.nulabinc.zxcvbn.Feedback;

import java.util.Arrays;
import java.util.Optional;

/**
 * zxcvbn's feedback, one constant per zxcvbn key, each with our own message key: the UI shows our Dutch and
 * English texts instead of zxcvbn's.
 */
public enum StrengthFeedback {
    USE_FEW_WORDS(Feedback.DEFAULT_SUGGESTIONS_USE_FEW_WORDS, "useFewWords"),
    NO_NEED_SYMBOLS(Feedback.DEFAULT_SUGGESTIONS_NO_NEED_SYMBOLS, "noNeedSymbols"),
    ADD_ANOTHER_WORD(Feedback.EXTRA_SUGGESTIONS_ADD_ANOTHER_WORD, "addAnotherWord"),
    STRAIGHT_ROWS_OF_KEYS(Feedback.SPATIAL_WARNING_STRAIGHT_ROWS_OF_KEYS, "straightRowsOfKeys"),
    SHORT_KEYBOARD_PATTERNS(Feedback.SPATIAL_WARNING_SHORT_KEYBOARD_PATTERNS, "shortKeyboardPatterns"),
    USE_LONGER_KEYBOARD_PATTERN(Feedback.SPATIAL_SUGGESTIONS_USE_LONGER_KEYBOARD_PATTERN, "useLongerKeyboardPattern"),
    REPEATED_CHARACTERS(Feedback.REPEAT_WARNING_LIKE_AAA, "repeatedCharacters"),
    REPEATED_PATTERNS(Feedback.REPEAT_WARNING_LIKE_ABCABCABC, "repeatedPatterns"),
    AVOID_REPEATS(Feedback.REPEAT_SUGGESTIONS_AVOID_REPEATED_WORDS, "avoidRepeats"),
    SEQUENCES(Feedback.SEQUENCE_WARNING_LIKE_ABCOR6543, "sequences"),
    AVOID_SEQUENCES(Feedback.SEQUENCE_SUGGESTIONS_AVOID_SEQUENCES, "avoidSequences"),
    RECENT_YEARS(Feedback.REGEX_WARNING_RECENT_YEARS, "recentYears"),
    AVOID_RECENT_YEARS(Feedback.REGEX_SUGGESTIONS_AVOID_RECENT_YEARS, "avoidRecentYears"),
    DATES(Feedback.DATE_WARNING_DATES, "dates"),
    AVOID_DATES(Feedback.DATE_SUGGESTIONS_AVOID_DATES, "avoidDates"),
    TOP10_PASSWORD(Feedback.DICTIONARY_WARNING_PASSWORDS_TOP10, "top10Password"),
    TOP100_PASSWORD(Feedback.DICTIONARY_WARNING_PASSWORDS_TOP100, "top100Password"),
    VERY_COMMON_PASSWORD(Feedback.DICTIONARY_WARNING_PASSWORDS_VERY_COMMON, "veryCommonPassword"),
    SIMILAR_TO_COMMON_PASSWORD(Feedback.DICTIONARY_WARNING_PASSWORDS_SIMILAR, "similarToCommonPassword"),
    SINGLE_WORD(Feedback.DICTIONARY_WARNING_ENGLISH_WIKIPEDIA_ITSELF, "singleWord"),
    NAMES_BY_THEMSELVES(Feedback.DICTIONARY_WARNING_ETC_NAMES_THEMSELVES, "namesByThemselves"),
    COMMON_NAMES(Feedback.DICTIONARY_WARNING_ETC_NAMES_COMMON, "commonNames"),
    CAPITALIZATION(Feedback.DICTIONARY_SUGGESTIONS_CAPITALIZATION, "capitalization"),
    ALL_UPPERCASE(Feedback.DICTIONARY_SUGGESTIONS_ALL_UPPERCASE, "allUppercase"),
    REVERSED_WORDS(Feedback.DICTIONARY_SUGGESTIONS_REVERSED, "reversedWords"),
    PREDICTABLE_SUBSTITUTIONS(Feedback.DICTIONARY_SUGGESTIONS_L33T, "predictableSubstitutions");

    private final String zxcvbnKey;
    private final String messageKey;

    StrengthFeedback(String zxcvbnKey, String name) {
        this.zxcvbnKey = zxcvbnKey;
        this.messageKey = "password.feedback." + name;
    }

    public String messageKey() {
        return messageKey;
    }

    /** Our constant for a zxcvbn feedback key; empty for keys a newer zxcvbn might add, which we then leave out. */
    static Optional<StrengthFeedback> fromZxcvbnKey(String key) {
        return Arrays.stream(values()).filter(f -> f.zxcvbnKey.equals(key)).findFirst();
    }
}
