package nl.toegang.account.password;

import com.nulabinc.zxcvbn.Feedback;
import com.nulabinc.zxcvbn.Zxcvbn;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Estimates guessability with zxcvbn4j. One instance can be shared: zxcvbn4j keeps only its read-only
 * dictionaries between calls.
 */
public final class StrengthEstimator {

    /**
     * zxcvbn's matching grows much faster than linearly with the length: it checks every substring against every
     * dictionary, and its repeat matcher is worst on runs of one character (measured on a busy 2-core machine:
     * "1" x 64 about 20 ms, x 100 about 80–190 ms). Without a cap a 256-character password would make the page slow
     * and a cheap denial of service. We score only the first 64 UTF-16 units (zxcvbn works on those, so an emoji
     * counts twice here): 64 is the length NIST asks us to accept, and scoring a prefix can only underestimate a
     * longer password, never overrate it.
     */
    static final int MAX_ESTIMATED_CHARS = 64;

    private final Zxcvbn zxcvbn;

    public StrengthEstimator() {
        this(new Zxcvbn());
    }

    StrengthEstimator(Zxcvbn zxcvbn) {
        this.zxcvbn = zxcvbn;
        // Warm up once so the first user does not pay for loading the dictionaries.
        zxcvbn.measure("warm up the dictionaries");
    }

    /** zxcvbn's estimate of an NFC-normalised password; the context words count as known to the attacker. */
    Estimate estimate(String password, Collection<String> contextWords) {
        com.nulabinc.zxcvbn.Strength measured = zxcvbn.measure(capped(password), List.copyOf(contextWords));
        // A null bundle makes zxcvbn4j return its message keys instead of English text; we map those to ours.
        Feedback keys = measured.getFeedback().withResourceBundle(null);
        List<StrengthFeedback> warnings = Optional.ofNullable(keys.getWarning())
                .flatMap(StrengthFeedback::fromZxcvbnKey)
                .stream().toList();
        List<StrengthFeedback> suggestions = keys.getSuggestions().stream()
                .map(StrengthFeedback::fromZxcvbnKey)
                .flatMap(Optional::stream)
                .toList();
        return new Estimate(new Strength(measured.getScore(), warnings, suggestions), measured.getGuessesLog10());
    }

    static String capped(String password) {
        if (password.length() <= MAX_ESTIMATED_CHARS) {
            return password;
        }
        int end = MAX_ESTIMATED_CHARS;
        if (Character.isLowSurrogate(password.charAt(end)) && Character.isHighSurrogate(password.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return password.substring(0, end);
    }

    /** The user-facing strength plus the raw guess estimate the policy compares with its threshold. */
    record Estimate(Strength strength, double guessesLog10) {
    }
}
