package nl.toegang.pages;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Post/redirect/get for refused forms. A POST with problems keeps a {@link FormDraft} in the HTTP session and answers
 * 303 to the form's own page with {@code ?draft=<id>}; that GET shows the problems and the typed values, also after
 * a reload, the back button or the language switch (which carries {@code draft}), in the language of that moment.
 * A reload never asks to send the form again, because the page on screen came from a GET.
 *
 * <p>Each refusal gets its own id, so a second tab opening the form fresh sees a clean form, and a draft only fills
 * the form, realm and owner it was made for. Drafts live {@link #LIFETIME} at most, at most {@link #PER_FORM} per form
 * (the oldest goes first), and all of a form's drafts go when that form succeeds. They are session attributes of
 * their own ({@value #ATTRIBUTE}{@code <id>}), so Spring Session writes each as one small value on any node.
 */
@Component
public class FormDrafts {
    /** The query parameter naming the draft the page shows. */
    public static final String PARAMETER = "draft";
    static final String ATTRIBUTE = "toegang.form-draft:";
    static final Duration LIFETIME = Duration.ofMinutes(20);
    static final int PER_FORM = 3;

    private final Clock clock;
    private final SecureRandom random;

    public FormDrafts(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /**
     * Keeps {@code draft} for the page at {@code formPath} and returns where to send the browser: {@code formPath}
     * with {@code draft=<id>} added to its query.
     */
    public String keep(HttpServletRequest request, String realm, String owner, FormDraft.Builder draft,
                       String formPath) {
        HttpSession session = request.getSession();
        Instant now = clock.instant();
        FormDraft kept = draft.build(realm, owner, now);
        List<Map.Entry<String, FormDraft>> sameForm = new ArrayList<>();
        for (String name : Collections.list(session.getAttributeNames())) {
            if (name.startsWith(ATTRIBUTE) && session.getAttribute(name) instanceof FormDraft other) {
                if (expired(other, now)) {
                    session.removeAttribute(name);
                } else if (sameForm(other, realm, owner, kept.form())) {
                    sameForm.add(Map.entry(name, other));
                }
            }
        }
        sameForm.sort(Comparator.comparing(e -> e.getValue().savedAt()));
        for (int i = 0; i <= sameForm.size() - PER_FORM; i++) {
            session.removeAttribute(sameForm.get(i).getKey());
        }
        String id = newId();
        session.setAttribute(ATTRIBUTE + id, kept);
        return UriComponentsBuilder.fromUriString(formPath).replaceQueryParam(PARAMETER, id).build().toUriString();
    }

    /** The draft {@code id} names, when it is unexpired and was made for one of {@code forms} of this realm and owner. */
    public Optional<FormDraft> find(HttpServletRequest request, String id, String realm, String owner,
                                    Set<String> forms) {
        HttpSession session = request.getSession(false);
        if (session == null || id == null || !validId(id)) {
            return Optional.empty();
        }
        if (!(session.getAttribute(ATTRIBUTE + id) instanceof FormDraft draft)) {
            return Optional.empty();
        }
        if (expired(draft, clock.instant())) {
            session.removeAttribute(ATTRIBUTE + id);
            return Optional.empty();
        }
        return forms.contains(draft.form()) && draft.realm().equals(realm) && draft.owner().equals(owner)
                ? Optional.of(draft) : Optional.empty();
    }

    public Optional<FormDraft> find(HttpServletRequest request, String id, String realm, String owner, String form) {
        return find(request, id, realm, owner, Set.of(form));
    }

    /** The form succeeded: none of its drafts is shown again. */
    public void clear(HttpServletRequest request, String realm, String owner, String form) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return;
        }
        for (String name : Collections.list(session.getAttributeNames())) {
            if (name.startsWith(ATTRIBUTE) && session.getAttribute(name) instanceof FormDraft draft
                    && sameForm(draft, realm, owner, form)) {
                session.removeAttribute(name);
            }
        }
    }

    private static boolean sameForm(FormDraft draft, String realm, String owner, String form) {
        return draft.realm().equals(realm) && draft.owner().equals(owner) && draft.form().equals(form);
    }

    private static boolean expired(FormDraft draft, Instant now) {
        return !now.isBefore(draft.savedAt().plus(LIFETIME));
    }

    private String newId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Ids are 16 URL-safe characters; anything else in the address is not looked up. */
    private static boolean validId(String id) {
        return id.length() == 16 && id.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_');
    }
}
