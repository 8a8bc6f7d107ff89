package nl.toegang.saml;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which IdP addresses Toegang may call or send people to: only {@code https}, in every profile. The one exception is
 * the built-in mock DigiD on this machine in development ({@code http} on a loopback host, under
 * {@value #DEVELOPMENT_MOCK_PATH}): the artifact answer carries the BSN and the ArtifactResolve our signature, so over
 * plain http both would travel in cleartext, without server authentication and without our client certificate.
 *
 * @param production {@code toegang.production}: no exception at all
 */
public record IdpEndpointRule(boolean production) {
    /** Where the built-in mock DigiD answers (federation's mock uses this path). */
    public static final String DEVELOPMENT_MOCK_PATH = "/mock-digid";


    /** @return why {@code location} is refused, or empty when Toegang may use it */
    public Optional<String> problem(String location) {
        URI uri;
        try {
            uri = new URI(location == null ? "" : location.strip());
        } catch (URISyntaxException e) {
            return Optional.of("'" + location + "' is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("'" + location + "' is not an absolute https URL");
        }
        if (scheme.equals("https") || isDevelopmentMock(uri)) {
            return Optional.empty();
        }
        return Optional.of("'" + location + "' uses plain http; IdP endpoints must use https (only the built-in"
                + " mock DigiD on a loopback address may use http, and only in development)");
    }

    private boolean isDevelopmentMock(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        return !production && isLoopback(uri.getHost()) && path.startsWith(DEVELOPMENT_MOCK_PATH + "/");
    }

    /** Literal loopback names only: resolving a name here would let DNS decide what counts as this machine. */
    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1") || h.matches("127(\\.\\d{1,3}){3}");
    }
}
