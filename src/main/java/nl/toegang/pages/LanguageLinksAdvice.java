package nl.toegang.pages;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The language switch of every page opens the same page in the other language: the same path and the same query
 * (a reset or verification link's token, a logout's return address), with only {@code lang} replaced. A page that
 * answered a form post links to its address without the posted fields, which the switch cannot repeat.
 */
@ControllerAdvice
public class LanguageLinksAdvice {

    /** {@code nl} and {@code en} to the address of this page in that language. */
    @ModelAttribute("languageLinks")
    Map<String, String> languageLinks(HttpServletRequest request) {
        String path = request.getRequestURI();
        String query = request.getQueryString();
        // An error page was reached by an error dispatch: switch on the address that failed.
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String failed) {
            path = failed;
            query = null;
        }
        if (!path.startsWith("/") || path.startsWith("//")) {
            path = "/"; // never a link to another host ("//host/..."), whatever the address looked like
        }
        Map<String, String> links = new LinkedHashMap<>();
        for (Locale language : LocaleConfiguration.SUPPORTED) {
            links.put(language.getLanguage(), link(path, query, language.getLanguage()));
        }
        return links;
    }

    private static String link(String path, String query, String language) {
        try {
            return UriComponentsBuilder.fromPath(path).query(query).replaceQueryParam("lang", language)
                    .build(true).toUriString();
        } catch (IllegalArgumentException badlyEncodedQuery) {
            // Only reachable with a hand-made address; the page itself still works in the other language.
            return UriComponentsBuilder.fromPath(path).queryParam("lang", language).build().encode().toUriString();
        }
    }
}
