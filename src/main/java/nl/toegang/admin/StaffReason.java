package nl.toegang.admin;

/**
 * Why a staff member did something: 1 to {@value #MAX_LENGTH} characters after trimming. Every state-changing staff
 * action carries one, and it is audited with the action. {@link #parse} refuses anything else with a message that
 * says what is wrong.
 */
public record StaffReason(String text) {
    public static final int MAX_LENGTH = 500;

    public StaffReason {
        if (text == null || text.isBlank() || !text.equals(text.strip()) || text.length() > MAX_LENGTH) {
            throw new Invalid("a reason of 1 to " + MAX_LENGTH + " characters is required");
        }
    }

    /** The reason in {@code raw}, trimmed; {@link Invalid} when it is missing, blank or too long. */
    public static StaffReason parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new Invalid("a reason is required: give {\"reason\": \"...\"} (1 to " + MAX_LENGTH
                    + " characters, for example the ticket number); it is kept in the audit trail");
        }
        String text = raw.strip();
        if (text.length() > MAX_LENGTH) {
            throw new Invalid("the reason is at most " + MAX_LENGTH + " characters (" + text.length() + " given)");
        }
        return new StaffReason(text);
    }

    @Override
    public String toString() {
        return text;
    }

    /** A missing, blank or too long reason: answered with 400 and this message. */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }
}
