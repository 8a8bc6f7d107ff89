package nl.toegang.account;

import nl.toegang.account.password.PasswordRules;
import nl.toegang.account.password.PasswordVerdict;
import nl.toegang.account.password.Problem;
import nl.toegang.account.password.StrengthFeedback;
import nl.toegang.pages.RealmPages;

import java.util.ArrayList;
import java.util.List;

/**
 * What the page says about a password the person chose: why it was refused, how strong it is, and how to choose a
 * better one. Rendered on the server, so it works without JavaScript.
 */
public record PasswordFeedback(List<String> problems, int score, String strength, List<String> advice) {

    public static PasswordFeedback of(PasswordVerdict verdict, PasswordRules rules, RealmPages pages) {
        List<String> problems = new ArrayList<>();
        if (verdict instanceof PasswordVerdict.Rejected rejected) {
            for (Problem problem : rejected.problems()) {
                Object arg = null;
                if (problem == Problem.TOO_SHORT) {
                    arg = rules.minLength();
                } else if (problem == Problem.TOO_LONG) {
                    arg = rules.maxLength();
                }
                problems.add(pages.message(problem.messageKey(), arg));
            }
        }
        List<String> advice = new ArrayList<>();
        for (StrengthFeedback f : verdict.strength().warnings()) {
            advice.add(pages.message(f.messageKey()));
        }
        for (StrengthFeedback f : verdict.strength().suggestions()) {
            advice.add(pages.message(f.messageKey()));
        }
        if (!problems.isEmpty()) {
            advice.add(pages.message("password.feedback.advice"));
        }
        return new PasswordFeedback(problems, verdict.strength().score(),
                pages.message(verdict.strength().scoreMessageKey()), advice.stream().distinct().toList());
    }
}
