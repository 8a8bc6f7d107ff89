package nl.toegang.maintenance;

import nl.toegang.config.PublicUrl;
import nl.toegang.oidc.AccountConsoleClient;
import nl.toegang.oidc.RealmClientRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The way back to the portal a person came from while a realm is in maintenance: its registered redirect URI with
 * {@code error=temporarily_unavailable}, the portal's {@code state} and the issuer (RFC 9207). Only a redirect URI
 * the client registered in this realm, compared exactly as the maintenance filter has always done for the
 * authorization request, ever becomes a link or a redirect; anything else has no way back (never an open redirect).
 */
@Component
public class PortalReturn {
    static final String ERROR = "temporarily_unavailable";
    static final String DESCRIPTION = "The sign-in service is in maintenance";

    private final RealmClientRepository clients;
    private final PublicUrl publicUrl;

    public PortalReturn(RealmClientRepository clients, PublicUrl publicUrl) {
        this.clients = clients;
        this.publicUrl = publicUrl;
    }

    /** A portal (client) of the realm with the redirect URI it registered. */
    public record Portal(String clientId, String name, String redirectUri) {
    }

    /** The portal when {@code redirectUri} is registered exactly for {@code clientId} in {@code realm}. */
    public Optional<Portal> registered(String realm, String clientId, String redirectUri) {
        if (clientId == null || redirectUri == null) {
            return Optional.empty();
        }
        return clients.find(realm, clientId)
                .filter(client -> client.getRedirectUris().contains(redirectUri))
                .map(client -> new Portal(client.getClientId(), client.getClientName(), redirectUri));
    }

    /** True for the realm's own account console: its "way back" would only lead to this page again. */
    public static boolean isAccountConsole(Portal portal) {
        return AccountConsoleClient.CLIENT_ID.equals(portal.clientId());
    }

    /** The registered redirect URI with the maintenance error, {@code state} (when given) and {@code iss}. */
    public String errorRedirect(String realm, Portal portal, String state) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", ERROR);
        params.put("error_description", DESCRIPTION);
        if (state != null) {
            params.put("state", state);
        }
        params.put("iss", publicUrl.issuer(realm));
        var builder = UriComponentsBuilder.fromUriString(portal.redirectUri());
        params.keySet().forEach(name -> builder.queryParam(name, "{" + name + "}"));
        return builder.encode().buildAndExpand(params).toUriString();
    }

    /**
     * The maintenance page's address (without context path) for a person who came from {@code portal}: only
     * checked values go into it, so a redirect URI the client did not register never ends up in a link of ours.
     */
    public static String maintenancePage(String realm, Optional<Portal> portal, String state) {
        var path = UriComponentsBuilder.fromPath("/realms/{realm}/maintenance");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("realm", realm);
        portal.ifPresent(p -> {
            path.queryParam("client_id", "{client_id}").queryParam("redirect_uri", "{redirect_uri}");
            values.put("client_id", p.clientId());
            values.put("redirect_uri", p.redirectUri());
            if (state != null) {
                path.queryParam("state", "{state}");
                values.put("state", state);
            }
        });
        return path.encode().buildAndExpand(values).toUriString();
    }
}
