package nl.toegang.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.net.URI;

/**
 * What a person sees at the server's own address ({@code /}), where nobody is sent but some arrive by typing it.
 *
 * @param redirect where to send them instead of the page (e.g. the agency's website); must be an absolute
 *                 {@code https} address. Empty: a page listing each realm with its status page (and, in
 *                 development, its console, discovery document and the dev mailbox).
 */
@Validated
@ConfigurationProperties("toegang.home")
public record HomePageProperties(URI redirect) {

    public HomePageProperties {
        if (redirect != null && !(redirect.isAbsolute() && "https".equalsIgnoreCase(redirect.getScheme())
                && redirect.getHost() != null)) {
            throw new IllegalArgumentException("toegang.home.redirect must be an absolute https URL, not '"
                    + redirect + "'");
        }
    }
}
