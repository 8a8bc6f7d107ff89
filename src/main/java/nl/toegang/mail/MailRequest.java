package nl.toegang.mail;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One mail to render and send.
 *
 * @param realm          the realm it is sent for (recorded with the mail; not used for rendering unless the model has it)
 * @param to             one recipient address
 * @param locale         language to render in ({@code nl} or {@code en}; others fall back to English)
 * @param template       names {@code templates/mail/{template}.html} and {@code .txt}, and the subject message
 *                       {@code mail.{template}.subject}, whose argument {0} is the model's {@code realmName}
 * @param model          template variables; may hold secrets (codes, links), so it is never logged or shown by
 *                       {@link #toString()}
 * @param containsSecret true when the model holds a secret; recorded with the mail for operators and future policy.
 *                       Bodies are encrypted at rest either way.
 */
public record MailRequest(String realm, String to, Locale locale, String template, Map<String, Object> model,
                          boolean containsSecret) {

    private static final Pattern TEMPLATE_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final int MAX_ADDRESS_LENGTH = 320;

    public MailRequest {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(template, "template");
        model = Map.copyOf(Objects.requireNonNull(model, "model"));
        if (!TEMPLATE_NAME.matcher(template).matches()) {
            // Also keeps template names from walking out of templates/mail/.
            throw new IllegalArgumentException("mail template name must be lower-case words joined by '-': " + template);
        }
        if (to.length() > MAX_ADDRESS_LENGTH || to.indexOf('@') <= 0 || to.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                || to.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("not a single email address: " + MailAddresses.mask(to));
        }
    }

    /** Shows the template and a masked recipient, never the model. */
    @Override
    public String toString() {
        return "MailRequest[realm=" + realm + ", to=" + MailAddresses.mask(to) + ", locale=" + locale
                + ", template=" + template + ", model=(" + model.size() + " entries, hidden), containsSecret="
                + containsSecret + "]";
    }
}
