package nl.toegang.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import nl.toegang.oidc.AccountConsoleClient;
import nl.toegang.realm.RealmDefinition;

import java.util.Optional;

/**
 * The portal (relying party) a person opened the console from, for "Back to {portal}". The console is opened with
 * {@code ?client_id=...}; the client is remembered for this browser's realm session, and the link goes to the first
 * post-logout redirect URI that client registered in the realm file. No URL is ever taken from the request: an
 * unknown client, or one without such a URI, gives no link.
 *
 * @param clientId the relying party
 * @param name     its name as the realm file gives it
 * @param url      a URI registered for it ({@link nl.toegang.realm.ClientDefinition#homeUri()})
 */
public record ConsolePortal(String clientId, String name, String url) {
    private static final String ATTRIBUTE_PREFIX = "TOEGANG_CONSOLE_PORTAL:";

    /** The portal {@code clientId} names in {@code realm}, when it is one a person can be sent back to. */
    public static Optional<ConsolePortal> of(RealmDefinition realm, String clientId) {
        if (clientId == null || clientId.isEmpty() || AccountConsoleClient.CLIENT_ID.equals(clientId)) {
            return Optional.empty();
        }
        return realm.client(clientId).flatMap(client -> client.homeUri()
                .map(url -> new ConsolePortal(client.clientId(), client.name(), url)));
    }

    /**
     * The portal of this console visit: a valid {@code client_id} in the request is remembered (an invalid one is
     * ignored), else the one remembered earlier in this session.
     */
    public static Optional<ConsolePortal> current(RealmDefinition realm, HttpServletRequest request) {
        Optional<ConsolePortal> asked = of(realm, request.getParameter("client_id"));
        if (asked.isPresent()) {
            request.getSession().setAttribute(ATTRIBUTE_PREFIX + realm.name(), asked.get().clientId());
            return asked;
        }
        HttpSession session = request.getSession(false);
        Object remembered = session == null ? null : session.getAttribute(ATTRIBUTE_PREFIX + realm.name());
        return remembered instanceof String clientId ? of(realm, clientId) : Optional.empty();
    }
}
