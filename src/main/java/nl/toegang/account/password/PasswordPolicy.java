package nl.toegang.account.password;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a new password may be set (NIST SP 800-63B-4 §3.1.1.2, OWASP ASVS 5 V6.2): length in code
 * points after NFC, a blocklist, context words, trivial patterns and zxcvbn's guess estimate. Deliberately no
 * composition rules and no expiry. Never logs or keeps the password.
 */
public final class PasswordPolicy {

    private final PasswordRules rules;
    private final GuessingThreshold threshold;
    private final CommonPasswords commonPasswords;
    private final StrengthEstimator estimator;
    private final ContextWordMatcher contextWords = new ContextWordMatcher();
    private final TrivialPatternDetector trivialPatterns = new TrivialPatternDetector();

    public PasswordPolicy(PasswordRules rules, GuessingThreshold threshold, CommonPasswords commonPasswords,
                          StrengthEstimator estimator) {
        this.rules = rules;
        this.threshold = threshold;
        this.commonPasswords = commonPasswords;
        this.estimator = estimator;
    }

    /** A realm where the password alone signs in: 15 code points and at least 10^10 estimated guesses. */
    public static PasswordPolicy passwordOnly(CommonPasswords commonPasswords, StrengthEstimator estimator) {
        return new PasswordPolicy(PasswordRules.passwordOnly(), GuessingThreshold.passwordOnly(), commonPasswords,
                estimator);
    }

    /** A realm that always asks for a second factor: 8 code points and zxcvbn score 2. */
    public static PasswordPolicy withSecondFactor(CommonPasswords commonPasswords, StrengthEstimator estimator) {
        return new PasswordPolicy(PasswordRules.withSecondFactor(), GuessingThreshold.withSecondFactor(),
                commonPasswords, estimator);
    }

    public PasswordRules rules() {
        return rules;
    }

    /** Checks a new password; a null password counts as empty. */
    public PasswordVerdict check(String password, PasswordContext context) {
        String nfc = Normalizer.normalize(password == null ? "" : password, Normalizer.Form.NFC);
        StrengthEstimator.Estimate estimate = estimator.estimate(nfc, context.words());
        if (tooLong(nfc)) {
            // Report only the length, so oversized input costs no more work; other reasons show once it fits.
            return new PasswordVerdict.Rejected(List.of(Problem.TOO_LONG), estimate.strength());
        }
        List<Problem> problems = new ArrayList<>();
        if (nfc.codePointCount(0, nfc.length()) < rules.minLength()) {
            problems.add(Problem.TOO_SHORT);
        }
        if (commonPasswords.isCommon(nfc)) {
            problems.add(Problem.COMMON);
        }
        if (contextWords.containsAny(nfc, context.words())) {
            problems.add(Problem.CONTEXT_WORD);
        }
        if (trivialPatterns.isTrivial(nfc)) {
            problems.add(Problem.REPETITIVE_OR_SEQUENTIAL);
        }
        if (estimate.strength().score() < threshold.minScore()
                || estimate.guessesLog10() < threshold.minGuessesLog10()) {
            problems.add(Problem.TOO_GUESSABLE);
        }
        return problems.isEmpty()
                ? new PasswordVerdict.Accepted(estimate.strength())
                : new PasswordVerdict.Rejected(problems, estimate.strength());
    }

    private boolean tooLong(String nfc) {
        // Byte length first: it bounds the code point count and is what the hasher enforces.
        return nfc.getBytes(StandardCharsets.UTF_8).length > PasswordRules.MAX_BYTES
                || nfc.codePointCount(0, nfc.length()) > rules.maxLength();
    }
}
