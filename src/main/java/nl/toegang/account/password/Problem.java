package nl.toegang.account.password;

/**
 * Why a password was rejected. Each reason has a message key (in {@code messages*.properties}) that explains it
 * and how to choose a better password. {@link #TOO_SHORT} takes the minimum and {@link #TOO_LONG} the maximum
 * length as message argument {0}.
 */
public enum Problem {
    TOO_SHORT("password.problem.tooShort"),
    TOO_LONG("password.problem.tooLong"),
    COMMON("password.problem.common"),
    CONTEXT_WORD("password.problem.contextWord"),
    REPETITIVE_OR_SEQUENTIAL("password.problem.repetitiveOrSequential"),
    TOO_GUESSABLE("password.problem.tooGuessable");

    private final String messageKey;

    Problem(String messageKey) {
        this.messageKey = messageKey;
    }

    public String messageKey() {
        return messageKey;
    }
}
