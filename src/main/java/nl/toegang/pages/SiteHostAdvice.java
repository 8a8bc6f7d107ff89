package nl.toegang.pages;

import nl.toegang.config.PublicUrl;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The server's real host name for every page ({@code siteHost}), so the help texts can say where the genuine sign-in
 * pages are (against phishing). Taken from the configured public URL, never from the request.
 */
@ControllerAdvice
public class SiteHostAdvice {
    private final PublicUrl publicUrl;

    public SiteHostAdvice(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
    }

    @ModelAttribute("siteHost")
    String siteHost() {
        return publicUrl.isKnown() ? publicUrl.host() : null;
    }
}
