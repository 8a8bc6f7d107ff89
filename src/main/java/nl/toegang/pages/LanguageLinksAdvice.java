package nl.toegang.pages;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import nl.toegang.realm.RealmPaths;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The language switch of every page opens the same page in the other language: the same path and what the page
 * needs of its query (a reset or verification link's token, a logout's return address, a login's error or resume
 * target), with only {@code lang} replaced. Only parameters pages read are carried, and a {@code resume} only when
 * it is this realm's own authorization request ({@link ResumeTarget}): a value someone put into an address to be
 * shown back never ends up in a link of ours. A refused form's {@code draft} is carried, so the other language
 * shows the same problems and typed values ({@link FormDrafts}). A page that answered a form post sets {@value #LANGUAGE_PATH} in its
 * model: the page to open in the other language (the switch cannot repeat the post).
 */
@ControllerAdvice
public class LanguageLinksAdvice {
    /** Model attribute: the address (path and query, without context path) the switch opens instead of this one. */
    public static final String LANGUAGE_PATH = "languagePath";
    /** Query parameters the pages read (login states, links from mails, logout, paging, staff search). */
    private static final Set<String> CARRIED = Set.of("token", "error", "wait", "locked", "disabled", "unverified",
            "page", "q", "realm", "client_id", "post_logout_redirect_uri", "id_token_hint", "logout_hint", "state",
            "ui_locales",
            FormDrafts.PARAMETER);
    private static final String[] ORIGINAL_URI_ATTRIBUTES = {RequestDispatcher.ERROR_REQUEST_URI,
            RequestDispatcher.FORWARD_REQUEST_URI};

    /** {@code nl} and {@code en} to the address of this page in that language. */
    @ModelAttribute("languageLinks")
    Map<String, String> languageLinks(HttpServletRequest request) {
        String path = request.getRequestURI();
        String query = request.getQueryString();
        // An error page reached by an error dispatch or a forward (a refused authorization request) switches on the
        // address that failed, without its query: that query is what was refused (e.g. a redirect URI that is not
        // registered), and it never goes into a link of ours.
        for (String original : ORIGINAL_URI_ATTRIBUTES) {
            if (request.getAttribute(original) instanceof String failed) {
                path = failed;
                query = null;
                break;
            }
        }
        if (!path.startsWith("/") || path.startsWith("//")) {
            path = "/"; // never a link to another host ("//host/..."), whatever the address looked like
        }
        Map<String, String> links = new LinkedHashMap<>();
        for (Locale language : LocaleConfiguration.SUPPORTED) {
            links.put(language.getLanguage(), link(path, carried(request, query), language.getLanguage()));
        }
        return links;
    }

    /** The part of {@code rawQuery} this page needs, still encoded as it arrived. */
    private static MultiValueMap<String, String> carried(HttpServletRequest request, String rawQuery) {
        MultiValueMap<String, String> kept = new LinkedMultiValueMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return kept;
        }
        MultiValueMap<String, String> all;
        try {
            all = UriComponentsBuilder.newInstance().query(rawQuery).build(true).getQueryParams();
        } catch (IllegalArgumentException badlyEncoded) {
            return kept;
        }
        all.forEach((name, values) -> {
            if (CARRIED.contains(name)) {
                kept.put(name, values);
            } else if ("resume".equals(name)) {
                values.stream().filter(v -> isOwnAuthorizationRequest(request, v)).findFirst()
                        .ifPresent(v -> kept.add(name, v));
            }
        });
        return kept;
    }

    private static boolean isOwnAuthorizationRequest(HttpServletRequest request, String encodedValue) {
        if (encodedValue == null) {
            return false;
        }
        String value = UriUtils.decode(encodedValue, StandardCharsets.UTF_8);
        return RealmPaths.realmName(request)
                .flatMap(realm -> ResumeTarget.of(value, realm, request.getContextPath())).isPresent();
    }

    private static String link(String path, MultiValueMap<String, String> query, String language) {
        try {
            return UriComponentsBuilder.fromPath(path).queryParams(query).replaceQueryParam("lang", language)
                    .build(true).toUriString();
        } catch (IllegalArgumentException badlyEncodedQuery) {
            // Only reachable with a hand-made address; the page itself still works in the other language.
            return UriComponentsBuilder.fromPath(path).queryParam("lang", language).build().encode().toUriString();
        }
    }
}
