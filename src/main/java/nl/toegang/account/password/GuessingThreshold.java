package nl.toegang.account.password;

/**
 * How hard to guess a password must be, by zxcvbn's estimate.
 *
 * @param minScore        lowest accepted zxcvbn score (0–4)
 * @param minGuessesLog10 lowest accepted log10 of zxcvbn's estimated guesses
 */
public record GuessingThreshold(int minScore, double minGuessesLog10) {

    public GuessingThreshold {
        if (minScore < 0 || minScore > 4) {
            throw new IllegalArgumentException("minScore must be 0–4");
        }
    }

    /** Default: score 3 (at least about 10^8 guesses). */
    public static GuessingThreshold standard() {
        return new GuessingThreshold(3, 0);
    }

    /**
     * A password alone protects the account, so it must also withstand an offline attack on a stolen hash:
     * score 3 and at least 10^10 guesses.
     */
    public static GuessingThreshold passwordOnly() {
        return new GuessingThreshold(3, 10);
    }

    /**
     * A second factor is always required, so the password only has to resist throttled online guessing.
     * Score 2 (10^6 guesses), because zxcvbn never rates an 8-character password above 10^8 + 1 guesses,
     * which is still score 2: the standard threshold would make the NIST minimum of 8 impossible.
     */
    public static GuessingThreshold withSecondFactor() {
        return new GuessingThreshold(2, 6);
    }
}
