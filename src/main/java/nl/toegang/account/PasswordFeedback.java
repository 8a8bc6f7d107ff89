package nl.toegang.account;

import nl.toegang.account.password.PasswordRules;
import nl.toegang.account.password.PasswordVerdict;
import nl.toegang.account.password.Problem;
import nl.toegang.account.password.StrengthFeedback;
import nl.toegang.pages.FormDraft;
import nl.toegang.pages.RealmPages;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What the page says about a password the person chose: why it was refused, how strong it is, and how to choose a
 * better one. Rendered on the server, so it works without JavaScript.
 */
public record PasswordFeedback(List<String> problems, int score, String strength, List<String> advice) {

    public static PasswordFeedback of(PasswordVerdict verdict, PasswordRules rules, RealmPages pages) {
        return Keys.of(verdict, rules).render(pages);
    }

    /**
     * The same feedback as message keys, for a refused form's draft ({@link FormDraft#detail()}): what the verdict
     * said about the password, never the password itself, so the page after the redirect can show it in either
     * language.
     */
    public record Keys(List<FormDraft.Message> problems, int score, String strengthKey, List<String> adviceKeys)
            implements Serializable {
        public Keys {
            problems = List.copyOf(problems);
            adviceKeys = List.copyOf(adviceKeys);
        }

        public static Keys of(PasswordVerdict verdict, PasswordRules rules) {
            List<FormDraft.Message> problems = new ArrayList<>();
            if (verdict instanceof PasswordVerdict.Rejected rejected) {
                for (Problem problem : rejected.problems()) {
                    if (problem == Problem.TOO_SHORT) {
                        problems.add(FormDraft.Message.of(problem.messageKey(), rules.minLength()));
                    } else if (problem == Problem.TOO_LONG) {
                        problems.add(FormDraft.Message.of(problem.messageKey(), rules.maxLength()));
                    } else {
                        problems.add(FormDraft.Message.of(problem.messageKey()));
                    }
                }
            }
            List<String> advice = new ArrayList<>();
            for (StrengthFeedback f : verdict.strength().warnings()) {
                advice.add(f.messageKey());
            }
            for (StrengthFeedback f : verdict.strength().suggestions()) {
                advice.add(f.messageKey());
            }
            if (!problems.isEmpty()) {
                advice.add("password.feedback.advice");
            }
            return new Keys(problems, verdict.strength().score(), verdict.strength().scoreMessageKey(),
                    advice.stream().distinct().toList());
        }

        public PasswordFeedback render(RealmPages pages) {
            return new PasswordFeedback(problems.stream().map(pages::message).toList(), score,
                    pages.message(strengthKey), adviceKeys.stream().map(k -> pages.message(k)).distinct().toList());
        }
    }
}
