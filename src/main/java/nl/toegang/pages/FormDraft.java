package nl.toegang.pages;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A refused form as the page after the redirect shows it again: the non-secret values the person typed and the
 * problems as message keys (rendered in whatever language the page is then shown in). Kept in the HTTP session by
 * {@link FormDrafts}, so it is Serializable and small: values are cut to {@value #MAX_VALUE} characters, and a field
 * whose name says it holds a secret (a password, a code, a token) is refused outright, so no caller can put one in.
 *
 * @param realm   the realm whose page may show it
 * @param owner   whose it is: the account id on console and reset pages, empty on public pages
 * @param form    which form (e.g. {@code register}, {@code account-profile}); a draft never fills another form
 * @param values  field name to what was typed
 * @param errors  field id to its problems, in page order ({@code form}: a problem of the whole form)
 * @param detail  extra keys a feature needs (e.g. the password feedback's message keys), or null
 * @param savedAt when the form was refused (drafts are short-lived)
 */
public record FormDraft(String realm, String owner, String form, Map<String, String> values,
                        Map<String, List<Message>> errors, Serializable detail, Instant savedAt)
        implements Serializable {
    static final int MAX_VALUE = 400;
    /** Parts of a field name that mark a secret: such a value is never kept, whatever the form. */
    private static final Set<String> SECRET_NAMES = Set.of("password", "code", "token", "secret", "otp", "csrf",
            "assertion", "credential", "recovery");

    public FormDraft {
        Map<String, String> kept = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (isSecretName(name)) {
                throw new IllegalArgumentException("a form draft never keeps a secret field: " + name);
            }
            String v = value == null ? "" : value;
            kept.put(name, v.length() > MAX_VALUE ? v.substring(0, MAX_VALUE) : v);
        });
        values = Collections.unmodifiableMap(kept);
        Map<String, List<Message>> problems = new LinkedHashMap<>();
        errors.forEach((field, messages) -> problems.put(field, List.copyOf(messages)));
        errors = Collections.unmodifiableMap(problems);
    }

    static boolean isSecretName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_NAMES.stream().anyMatch(lower::contains);
    }

    /** A message key and its arguments (numbers or plain text, never something secret). */
    public record Message(String key, List<Serializable> args) implements Serializable {
        public Message {
            args = List.copyOf(args);
        }

        public static Message of(String key, Serializable... args) {
            return new Message(key, List.of(args));
        }
    }

    /** A new draft's content, built by the controller that refused the form. */
    public static final class Builder {
        private final String form;
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, List<Message>> errors = new LinkedHashMap<>();
        private Serializable detail;

        Builder(String form) {
            this.form = form;
        }

        public Builder value(String field, String value) {
            values.put(field, value);
            return this;
        }

        public Builder error(String field, String key, Serializable... args) {
            errors.computeIfAbsent(field, f -> new ArrayList<>()).add(Message.of(key, args));
            return this;
        }

        /** Field id to message keys, as {@code FormErrors} holds them. */
        public Builder errors(Map<String, List<String>> keysByField) {
            keysByField.forEach((field, keys) -> keys.forEach(key -> error(field, key)));
            return this;
        }

        public Builder detail(Serializable detail) {
            this.detail = detail;
            return this;
        }

        FormDraft build(String realm, String owner, Instant now) {
            return new FormDraft(realm, owner, form, values, errors, detail, now);
        }
    }

    public static Builder of(String form) {
        return new Builder(form);
    }

    /** What was typed into {@code field}, or {@code otherwise}. */
    public String value(String field, String otherwise) {
        return values.getOrDefault(field, otherwise);
    }

    /** Emails, names and phone numbers are personal data: never printed whole. */
    @Override
    public String toString() {
        return "FormDraft[" + realm + "/" + form + ", fields=" + values.keySet() + ", errors=" + errors.keySet() + "]";
    }
}
