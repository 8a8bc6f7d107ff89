package nl.toegang.realm;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One realm as declared in a {@code realms/*.yaml} file, after placeholder substitution and validation.
 * A realm is an isolated tenant: its own issuer, clients, users and signing keys.
 *
 * @param name        URL-safe realm name; the issuer is {@code {public-url}/realms/{name}}
 * @param displayName name shown to people on login pages
 * @param source      the file this realm was read from (for error messages)
 * @param settings    token lifetimes, signing algorithm, key rotation
 * @param clients     relying parties, unique by clientId
 * @param users       development/demo users created if absent, never overwritten
 * @param digid       optional DigiD login (SAML SP toward a DigiD-like IdP, or the built-in mock)
 * @param maintenance optional maintenance notice from the realm file (the admin API can override it at run time)
 * @param texts       optional wording for the login pages: who uses DigiD, who uses email, how to reach support
 * @param notices     which security notices are emailed to account holders (all on by default)
 * @param upstreams   outside OpenID Providers people may sign in with, each a choice on the login page
 */
public record RealmDefinition(
        String name,
        String displayName,
        Path source,
        RealmSettings settings,
        List<ClientDefinition> clients,
        List<UserSeed> users,
        Optional<DigidSettings> digid,
        Optional<Maintenance> maintenance,
        Optional<LoginTexts> texts,
        Notices notices,
        List<UpstreamSettings> upstreams) {

    public RealmDefinition {
        clients = List.copyOf(clients);
        users = List.copyOf(users);
        digid = digid == null ? Optional.empty() : digid;
        notices = notices == null ? Notices.defaults() : notices;
        upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
    }

    public Optional<ClientDefinition> client(String clientId) {
        return clients.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
    }

    public Optional<UpstreamSettings> upstream(String id) {
        return upstreams.stream().filter(u -> u.id().equals(id)).findFirst();
    }
}
