package nl.toegang.account.password;

import java.util.List;

/** Outcome of {@link PasswordPolicy#check}: accepted, or rejected with every reason that applies. */
public sealed interface PasswordVerdict {

    Strength strength();

    default boolean accepted() {
        return this instanceof Accepted;
    }

    record Accepted(Strength strength) implements PasswordVerdict {
    }

    record Rejected(List<Problem> problems, Strength strength) implements PasswordVerdict {
        public Rejected {
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("a rejection needs at least one problem");
            }
            problems = List.copyOf(problems);
        }
    }
}
