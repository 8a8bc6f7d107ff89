package nl.toegang.federation.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.realm.ClientDefinition;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.session.RealmRequestCache;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the federated login controllers (DigiD and the upstreams) share: reading the saved authorization request, a
 * 303, and the way back to the relying party with an OAuth error after a login that did not complete. The error goes
 * only to a redirect URI registered for the client of the saved request (never an open redirector), with the
 * client's {@code state} and our {@code iss} (RFC 9207).
 */
public final class ClientReturn {
    /** A failed or refused answer: for the client an {@code access_denied} with its own description. */
    public static final String FAILED = "access_denied:failed";

    private ClientReturn() {
    }

    public static Optional<String> parameter(SavedRequest saved, String name) {
        if (saved == null) {
            return Optional.empty();
        }
        String[] values = saved.getParameterValues(name);
        return values == null || values.length == 0 ? Optional.empty() : Optional.of(values[0]);
    }

    public static ResponseEntity<Void> seeOther(String location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(location)).build();
    }

    /**
     * Back to the relying party with {@code abort} (an OAuth error code, or {@link #FAILED}); to the realm's home when
     * there is no outcome to report or no saved request of a registered client.
     *
     * @param descriptions error_description per abort value (ASCII, RFC 6749 §4.1.2.1)
     */
    public static ResponseEntity<Void> withError(RealmDefinition realm, Object abort, Map<String, String> descriptions,
                                                 String otherwise, String issuer, RealmRequestCache requests,
                                                 HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = requests.getRequest(request, response);
        String home = request.getContextPath() + "/realms/" + realm.name() + "/";
        if (!(abort instanceof String error) || saved == null) {
            return seeOther(home);
        }
        Optional<String> clientId = parameter(saved, "client_id");
        Optional<String> redirectUri = parameter(saved, "redirect_uri");
        boolean registered = clientId.flatMap(realm::client).map(ClientDefinition::redirectUris)
                .map(uris -> redirectUri.isPresent() && uris.contains(redirectUri.get())).orElse(false);
        requests.removeRequest(request, response);
        if (!registered) {
            return seeOther(home);
        }
        // Values as URI variables, so that encode() escapes them strictly (a '+' in the client's state stays '+').
        Map<String, String> values = new HashMap<>();
        values.put("error", error.equals(FAILED) ? "access_denied" : error);
        values.put("description", descriptions.getOrDefault(error, otherwise));
        values.put("iss", issuer);
        var target = UriComponentsBuilder.fromUriString(redirectUri.get()).queryParam("error", "{error}")
                .queryParam("error_description", "{description}");
        parameter(saved, "state").ifPresent(state -> {
            values.put("state", state);
            target.queryParam("state", "{state}");
        });
        target.queryParam("iss", "{iss}");
        return seeOther(target.encode().buildAndExpand(values).toUriString());
    }
}
