package nl.toegang.account.password;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Recognises passwords made of repeats, sequences and keyboard walks ("aaaaaaaa", "1234567890123456",
 * "qwertyuiopasdfgh", "1qaz2wsx3edc"): long enough to pass the length rule but among the first things tried.
 */
final class TrivialPatternDetector {

    /** Character orders in which neighbours count as a sequence; keyboards include Dutch/Belgian/German layouts. */
    private static final String[] ORDERS = {
            "abcdefghijklmnopqrstuvwxyz",
            "01234567890",
            "`1234567890-=",
            "~!@#$%^&*()_+",
            "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./",
            "qwertyuiopasdfghjklzxcvbnm",
            "qwertzuiopasdfghjklyxcvbnm",
            "azertyuiopqsdfghjklmwxcvbn",
            "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/",
            "7894561230",
    };
    private static final Map<Integer, Set<Integer>> NEIGHBOURS = neighbours();
    /** Runs shorter than this happen by chance inside ordinary words ("de", "op"). */
    private static final int MIN_RUN = 3;
    /** Share of the password that runs must cover; a passphrase has only the odd "rst" or "def". */
    private static final double MAX_RUN_SHARE = 0.75;
    private static final int MIN_DISTINCT = 4;

    /** True when the password is mostly repeats, sequences or keyboard walks. */
    boolean isTrivial(String password) {
        int[] cps = password.toLowerCase(Locale.ROOT).codePoints().toArray();
        if (cps.length == 0) {
            return false;
        }
        return fewDistinct(cps) || repeatsUnit(cps) || runShare(cps) >= MAX_RUN_SHARE;
    }

    private static boolean fewDistinct(int[] cps) {
        Set<Integer> distinct = new HashSet<>();
        for (int cp : cps) {
            distinct.add(cp);
        }
        return distinct.size() < MIN_DISTINCT;
    }

    /** A unit repeated at least three times, such as "xkcdxkcdxkcd". */
    private static boolean repeatsUnit(int[] cps) {
        for (int unit = 1; unit * 3 <= cps.length; unit++) {
            int i = unit;
            while (i < cps.length && cps[i] == cps[i - unit]) {
                i++;
            }
            if (i == cps.length) {
                return true;
            }
        }
        return false;
    }

    /** Share of code points inside runs of at least {@link #MIN_RUN} where each step repeats or moves one place. */
    private static double runShare(int[] cps) {
        int covered = 0;
        int runStart = 0;
        for (int i = 1; i <= cps.length; i++) {
            boolean continues = i < cps.length && (cps[i] == cps[i - 1] || adjacent(cps[i - 1], cps[i]));
            if (!continues) {
                int runLength = i - runStart;
                if (runLength >= MIN_RUN) {
                    covered += runLength;
                }
                runStart = i;
            }
        }
        return (double) covered / cps.length;
    }

    private static boolean adjacent(int a, int b) {
        return NEIGHBOURS.getOrDefault(a, Set.of()).contains(b);
    }

    private static Map<Integer, Set<Integer>> neighbours() {
        Map<Integer, Set<Integer>> neighbours = new HashMap<>();
        for (String order : ORDERS) {
            int[] cps = order.codePoints().toArray();
            for (int i = 1; i < cps.length; i++) {
                neighbours.computeIfAbsent(cps[i - 1], k -> new HashSet<>()).add(cps[i]);
                neighbours.computeIfAbsent(cps[i], k -> new HashSet<>()).add(cps[i - 1]);
            }
        }
        Map<Integer, Set<Integer>> immutable = new HashMap<>();
        neighbours.forEach((k, v) -> immutable.put(k, Set.copyOf(v)));
        return Map.copyOf(immutable);
    }
}
