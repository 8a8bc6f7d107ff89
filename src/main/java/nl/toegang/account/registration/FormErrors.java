package nl.toegang.account.registration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Problems with a form, as message keys per field, in the order the fields appear. */
public final class FormErrors {
    private final Map<String, List<String>> byField = new LinkedHashMap<>();

    public FormErrors add(String field, String messageKey) {
        byField.computeIfAbsent(field, f -> new ArrayList<>()).add(messageKey);
        return this;
    }

    public boolean isEmpty() {
        return byField.isEmpty();
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    public List<String> of(String field) {
        return byField.getOrDefault(field, List.of());
    }

    public Map<String, List<String>> all() {
        return byField;
    }
}
