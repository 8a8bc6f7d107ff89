package nl.toegang.account.password;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.text.Normalizer;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordPolicyTest {

    // Loading the blocklist and zxcvbn's dictionaries takes a moment; both are immutable, so share them.
    private static final CommonPasswords COMMON = new CommonPasswords();
    private static final StrengthEstimator ESTIMATOR = new StrengthEstimator();

    private final PasswordPolicy passwordOnly = PasswordPolicy.passwordOnly(COMMON, ESTIMATOR);
    private final PasswordPolicy withSecondFactor = PasswordPolicy.withSecondFactor(COMMON, ESTIMATOR);
    private final PasswordContext noContext = PasswordContext.productOnly();

    private static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }

    @Nested
    class Length {

        @Test
        void fourteenCodePointsAreTooShortWhenThePasswordAloneSignsIn() {
            String password = "kikker fluit z";
            assertThat(codePoints(password)).isEqualTo(14);

            PasswordVerdict verdict = passwordOnly.check(password, noContext);

            assertThat(verdict).isInstanceOf(PasswordVerdict.Rejected.class);
            assertThat(((PasswordVerdict.Rejected) verdict).problems()).contains(Problem.TOO_SHORT);
        }

        @Test
        void fifteenCodePointPassphraseIsAccepted() {
            String password = "kikker fluit zo";
            assertThat(codePoints(password)).isEqualTo(15);

            assertThat(passwordOnly.check(password, noContext)).isInstanceOf(PasswordVerdict.Accepted.class);
        }

        @Test
        void eightIsEnoughWithASecondFactorButSevenIsNot() {
            assertThat(withSecondFactor.check("tR7!vq2L", noContext).accepted()).isTrue();

            PasswordVerdict seven = withSecondFactor.check("tR7!vq2", noContext);
            assertThat(seven).isInstanceOf(PasswordVerdict.Rejected.class);
            assertThat(((PasswordVerdict.Rejected) seven).problems()).contains(Problem.TOO_SHORT);
        }

        @Test
        void eightIsTooShortWhenThePasswordAloneSignsIn() {
            assertThat(problems(passwordOnly.check("tR7!vq2L", noContext))).contains(Problem.TOO_SHORT);
        }

        @Test
        void longPasswordsAreAccepted() {
            String sixtyFour = "purple tiger eats soup while the blue kettle sings softly at noon";
            assertThat(codePoints(sixtyFour)).isGreaterThanOrEqualTo(64);
            assertThat(passwordOnly.check(sixtyFour, noContext).accepted()).isTrue();

            String max = ("grazende koeien in de polder zingen zachtjes een oud liedje terwijl de molenaar "
                    + "brood bakt, de veerpont traag over het kanaal vaart, een reiger op een paal staat te wachten "
                    + "en kinderen met natte laarzen door de sloot waden op zoek naar kikkervisjes en "
                    + "stekelbaarsjes").substring(0, 256);
            assertThat(codePoints(max)).isEqualTo(256);
            assertThat(passwordOnly.check(max, noContext).accepted()).isTrue();
        }

        @Test
        void aLongPasswordThatRepeatsOnePhraseIsRepetitive() {
            String password = "grazende koeien in de polder. ".repeat(3);
            assertThat(problems(passwordOnly.check(password, noContext)))
                    .contains(Problem.REPETITIVE_OR_SEQUENTIAL);
        }

        @Test
        void threeHundredCodePointsAreTooLong() {
            String password = "grazende koeien in de polder zingen zachtjes een oud liedje. ".repeat(6).substring(0, 300);

            PasswordVerdict verdict = passwordOnly.check(password, noContext);

            assertThat(problems(verdict)).containsExactly(Problem.TOO_LONG);
        }

        @Test
        void theHasherByteCapAppliesEvenWithinTheCodePointLimit() {
            PasswordRules rules = new PasswordRules(15, 256);
            PasswordPolicy policy = new PasswordPolicy(rules, GuessingThreshold.standard(), COMMON, ESTIMATOR);
            // 256 four-byte code points are exactly 1024 bytes, the most the hasher takes.
            String emoji = "🐢🌵🎻🦉".repeat(64);
            assertThat(problems(policy.check(emoji, noContext))).doesNotContain(Problem.TOO_LONG);
            assertThat(problems(policy.check(emoji + "x", noContext))).contains(Problem.TOO_LONG);
        }

        @Test
        void anEmojiCountsAsOneCharacter() {
            String fifteen = "kikker fluit z🐸";
            assertThat(fifteen.length()).isEqualTo(16);
            assertThat(codePoints(fifteen)).isEqualTo(15);
            assertThat(problems(passwordOnly.check(fifteen, noContext))).doesNotContain(Problem.TOO_SHORT);

            String fourteen = "kikker fluit🐸z";
            assertThat(fourteen.length()).isEqualTo(15);
            assertThat(problems(passwordOnly.check(fourteen, noContext))).contains(Problem.TOO_SHORT);
        }

        @Test
        void nullIsTooShort() {
            assertThat(problems(passwordOnly.check(null, noContext))).contains(Problem.TOO_SHORT);
        }
    }

    @Nested
    class Unicode {

        @ParameterizedTest
        @ValueSource(strings = {
                "ŝtrøng-påsswörd-ünïcødé",
                "🐢🌵🎻 schildpad cactus viool",
                "我喜欢在雨天的下午喝热茶看旧书",
                "Ζεστό τσάι και βροχή το απόγευμα"})
        void unicodePassphrasesAreAccepted(String password) {
            assertThat(passwordOnly.check(password, noContext).accepted()).isTrue();
        }

        @Test
        void nfcAndNfdFormsGetTheSameVerdict() {
            String nfc = Normalizer.normalize("ŝtrøng-påsswörd-ünïcødé", Normalizer.Form.NFC);
            String nfd = Normalizer.normalize(nfc, Normalizer.Form.NFD);
            assertThat(nfd).isNotEqualTo(nfc);

            assertThat(passwordOnly.check(nfd, noContext)).isEqualTo(passwordOnly.check(nfc, noContext));
        }

        @Test
        void lengthIsCountedAfterNfc() {
            // 14 code points in NFC, 17 in NFD: still too short, however the browser sent it.
            String nfc = Normalizer.normalize("crème brûlée é", Normalizer.Form.NFC);
            String nfd = Normalizer.normalize(nfc, Normalizer.Form.NFD);
            assertThat(codePoints(nfc)).isEqualTo(14);
            assertThat(codePoints(nfd)).isGreaterThan(15);

            assertThat(problems(passwordOnly.check(nfd, noContext))).contains(Problem.TOO_SHORT);
        }
    }

    @Nested
    class Common {

        @ParameterizedTest
        @ValueSource(strings = {"password", "iloveyou", "sunshine", "welkom", "wachtwoord", "password1234",
                "1qaz2wsx3edc4rfv", "qazwsxedcrfvtgb", "123456789qwerty", "PASSWORD", "Welcome1"})
        void blocklistedPasswordsAreCommon(String password) {
            assertThat(problems(withSecondFactor.check(password, noContext))).contains(Problem.COMMON);
        }

        @ParameterizedTest
        @ValueSource(strings = {"password2024!", "password123456789", "!!Welcome1", "Sunshine 2024 !!!",
                "2024-iloveyou", "wachtwoord🙂"})
        void blocklistedPasswordsWithDigitsOrPunctuationAroundThemAreCommon(String password) {
            assertThat(problems(passwordOnly.check(password, noContext))).contains(Problem.COMMON);
        }

        @Test
        void aCommonWordInsideAPassphraseIsNotCommon() {
            assertThat(problems(passwordOnly.check("password horse battery", noContext)))
                    .doesNotContain(Problem.COMMON);
        }
    }

    @Nested
    class ContextWords {

        private final PasswordContext context = PasswordContext.builder()
                .email("jan.de-vries+idp@example.nl")
                .name("Anne-Marie Dijkstra")
                .realm("gemeente-utrecht", "Gemeente Utrecht")
                .extraWords("Stadskantoor")
                .build();

        @ParameterizedTest
        @ValueSource(strings = {
                "jan.de-vries+idp",           // whole local part
                "vries paarse kikker lamp",   // part of the email address
                "DIJKSTRA paarse kikker lamp", // name, other case
                "Dìjkstra paarse kikker lamp", // name, with an accent
                "paarse kikker utrecht lamp", // realm display name
                "gemeente-utrecht kikker",    // realm name
                "Toegang-paarse-kikker-lamp", // product name
                "T0eg4ng-paarse-kikker-lamp", // leetspeak
                "paarse-kikker-$t4d$k4nt00r", // extra word, leetspeak
                "lamp kikker 4nn3 paars"})    // short name part, leetspeak
        void passwordsWithContextWordsAreRejected(String password) {
            assertThat(problems(passwordOnly.check(password, context))).contains(Problem.CONTEXT_WORD);
        }

        @Test
        void withoutContextWordsTheSamePassphraseIsAccepted() {
            assertThat(passwordOnly.check("paarse kikker onder de lamp", context).accepted()).isTrue();
        }

        @Test
        void nameParticlesAndShortPartsAreNotContextWords() {
            PasswordContext particles = PasswordContext.builder().name("Jo van der Berg").build();
            assertThat(particles.words()).containsExactlyInAnyOrder("toegang", "berg");
            assertThat(passwordOnly.check("onder de vanille boom zingt", particles).accepted()).isTrue();
        }
    }

    @Nested
    class Patterns {

        @ParameterizedTest
        @ValueSource(strings = {"aaaaaaaaaaaaaaaa", "1234567890123456", "9876543210987654", "abcdefghijklmnop",
                "qwertyuiopasdfgh", "azertyuiopqsdfgh", "1qaz2wsx3edc4rfv5tgb", "xkcdxkcdxkcdxkcd",
                "abababababababab", "!@#$%^&*()!@#$%^"})
        void repetitiveAndSequentialPasswordsAreRejected(String password) {
            assertThat(problems(passwordOnly.check(password, noContext)))
                    .contains(Problem.REPETITIVE_OR_SEQUENTIAL);
        }

        @ParameterizedTest
        @ValueSource(strings = {"correct horse battery staple", "the first stop is defunct", "qwerty winter storm"})
        void ordinaryPassphrasesAreNotSequential(String password) {
            assertThat(problems(passwordOnly.check(password, noContext)))
                    .doesNotContain(Problem.REPETITIVE_OR_SEQUENTIAL);
        }
    }

    @Nested
    class Guessability {

        @ParameterizedTest
        @ValueSource(strings = {"correct horse battery staple", "correcthorsebatterystaple",
                "purple tiger eats soup", "fiets kaas molen regen", "zon maan ster wolk"})
        void fourRandomWordsAreAccepted(String password) {
            PasswordVerdict verdict = passwordOnly.check(password, noContext);
            assertThat(verdict.accepted()).as(String.valueOf(problems(verdict))).isTrue();
            assertThat(verdict.strength().score()).isEqualTo(4);
        }

        @Test
        void aPasswordOfFifteenOrMoreThatZxcvbnSeesThroughIsTooGuessable() {
            assertThat(problems(passwordOnly.check("Password1Password1", noContext)))
                    .contains(Problem.TOO_GUESSABLE);
        }

        @Test
        void feedbackUsesOurMessageKeys() {
            Strength strength = passwordOnly.check("aaaaaaaaaaaaaaaa", noContext).strength();

            assertThat(strength.score()).isZero();
            assertThat(strength.scoreMessageKey()).isEqualTo("password.strength.0");
            assertThat(strength.warnings()).isNotEmpty();
            assertThat(strength.suggestions()).isNotEmpty();
            strength.warnings().forEach(w -> assertThat(w.messageKey()).startsWith("password.feedback."));
        }

        @Test
        // The cost of a check is bounded by construction: zxcvbn, whose matching is superlinear, never sees more than
        // 64 chars. That is asserted here; how fast a check is belongs in a benchmark, not in a timed test.
        void zxcvbnSeesOnlyTheFirstSixtyFourChars() {
            String ascii = "a".repeat(100);
            assertThat(StrengthEstimator.capped(ascii)).hasSize(StrengthEstimator.MAX_ESTIMATED_CHARS);

            String emoji = "x" + "🐢".repeat(100); // the 64th char is the first half of a surrogate pair
            String capped = StrengthEstimator.capped(emoji);
            assertThat(capped).hasSize(StrengthEstimator.MAX_ESTIMATED_CHARS - 1);
            assertThat(emoji).startsWith(capped);
            assertThat(Character.isHighSurrogate(capped.charAt(capped.length() - 1))).isFalse();
        }
    }

    private static java.util.List<Problem> problems(PasswordVerdict verdict) {
        if (verdict instanceof PasswordVerdict.Rejected rejected) {
            return rejected.problems();
        }
        return java.util.List.of();
    }
}
