package nl.toegang.pages;

import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmRegistry;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.server.ResponseStatusException;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Small helpers every realm page controller needs: the realm or a 404, messages, and the 303 answer to a POST. */
@Component
public class RealmPages {
    private final RealmRegistry realms;
    private final MessageSource messages;

    public RealmPages(RealmRegistry realms, MessageSource messages) {
        this.realms = realms;
        this.messages = messages;
    }

    /** The realm, put on the model for the page layout, or a 404 page. */
    public RealmDefinition realm(String name, Model model) {
        RealmDefinition realm = realms.find(name)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown realm"));
        model.addAttribute("realmInfo", realm);
        return realm;
    }

    public RealmDefinition realm(String name) {
        return realms.find(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown realm"));
    }

    public String message(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }

    /** Resolves per-field message keys for the page. */
    public Map<String, List<String>> messages(Map<String, List<String>> keysByField) {
        return keysByField.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().stream().map(k -> message(k)).toList(), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    public String message(FormDraft.Message message) {
        return message(message.key(), message.args().toArray());
    }

    /** A refused form's problems ({@link FormDraft}) in the language of this request: field id to texts. */
    public Map<String, List<String>> errors(FormDraft draft) {
        Map<String, List<String>> texts = new java.util.LinkedHashMap<>();
        draft.errors().forEach((field, messages) -> texts.put(field, messages.stream().map(this::message).toList()));
        return texts;
    }

    public static ResponseEntity<Void> seeOther(String location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(location)).build();
    }
}
