package nl.toegang.account.password;

import java.util.List;

/**
 * zxcvbn's estimate in our own terms, so the page can show it without JavaScript and without zxcvbn's English texts.
 *
 * @param score       0 (very weak) to 4 (very strong)
 * @param warnings    what makes the password weak (zero or one item)
 * @param suggestions how to make it stronger
 */
public record Strength(int score, List<StrengthFeedback> warnings, List<StrengthFeedback> suggestions) {

    public Strength {
        if (score < 0 || score > 4) {
            throw new IllegalArgumentException("score must be 0–4");
        }
        warnings = List.copyOf(warnings);
        suggestions = List.copyOf(suggestions);
    }

    /** Message key naming the score, e.g. {@code password.strength.3}. */
    public String scoreMessageKey() {
        return "password.strength." + score;
    }
}
