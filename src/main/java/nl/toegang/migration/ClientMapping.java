package nl.toegang.migration;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Maps one Keycloak client to a realm-file client, saying (through {@code notes}) every setting it leaves out and
 * why. A client that cannot sign anyone in through Toegang (SAML, bearer-only, disabled, or nothing left after the
 * refused grants) is skipped with a note.
 */
final class ClientMapping {
    /** Keycloak's own clients: Toegang has its own account console and admin API instead. */
    static final Set<String> BUILT_IN = Set.of("account", "account-console", "admin-cli", "broker",
            "realm-management", "security-admin-console");
    private static final Set<String> STANDARD_SCOPES = Set.of("profile", "email");

    Optional<MappedClient> map(KeycloakClient c, Consumer<String> notes) {
        String who = "client " + c.clientId() + ": ";
        if (BUILT_IN.contains(c.clientId())) {
            notes.accept(who + "Keycloak's built-in client; Toegang has its own account console and admin API");
            return Optional.empty();
        }
        if (!c.protocol().equals("openid-connect")) {
            notes.accept(who + "protocol " + c.protocol() + " is not supported; not carried over");
            return Optional.empty();
        }
        if (!c.enabled()) {
            notes.accept(who + "disabled in Keycloak; not carried over");
            return Optional.empty();
        }
        if (c.bearerOnly()) {
            notes.accept(who + "bearer-only (a resource server that never signs in); not carried over; give it"
                    + " introspection: any-token-in-realm on a confidential client if it introspects tokens");
            return Optional.empty();
        }
        List<String> redirects = uris(c.redirectUris(), c, "redirectUris", notes);
        List<String> postLogout = postLogout(c, redirects, notes);
        List<String> grants = new ArrayList<>();
        if (c.standardFlow()) {
            if (redirects.isEmpty()) {
                notes.accept(who + "standard flow without a usable redirect URI; authorization_code left out");
            } else {
                grants.add("authorization_code");
                if (!"false".equalsIgnoreCase(c.attributes().get("use.refresh.tokens"))) {
                    grants.add("refresh_token");
                }
            }
        }
        if (c.serviceAccounts()) {
            if (c.publicClient()) {
                notes.accept(who + "service accounts on a public client; client_credentials needs a confidential"
                        + " client");
            } else {
                grants.add("client_credentials");
            }
        }
        if (c.directAccessGrants()) {
            notes.accept(who + "direct access grants (password grant) are refused by Toegang: the client must not"
                    + " see the user's password; use authorization_code with PKCE");
        }
        if (c.implicitFlow()) {
            notes.accept(who + "implicit flow is refused by Toegang (tokens in the browser URL); use"
                    + " authorization_code with PKCE");
        }
        if (c.flag("oauth2.device.authorization.grant.enabled")) {
            notes.accept(who + "device authorization grant is not supported");
        }
        if (c.flag("oidc.ciba.grant.enabled")) {
            notes.accept(who + "CIBA grant is not supported");
        }
        if (grants.isEmpty()) {
            notes.accept(who + "no grant type Toegang supports is left; not carried over");
            return Optional.empty();
        }
        pkce(c, notes);
        Optional<String> secretVariable = Optional.empty();
        Optional<String> jwksUri = Optional.empty();
        if (!c.publicClient()) {
            switch (c.authenticatorType()) {
                case "client-secret" -> {
                    secretVariable = Optional.of(secretVariable(c.clientId()));
                    notes.accept(who + "secret not written to the realm file; set the environment variable "
                            + secretVariable.get() + " to the client's secret from Keycloak (Credentials tab) so"
                            + " the client keeps working unchanged");
                }
                case "client-jwt" -> {
                    jwksUri = c.flag("use.jwks.url") ? c.attribute("jwks.url") : Optional.empty();
                    if (jwksUri.isEmpty()) {
                        notes.accept(who + "signed-JWT authentication with a certificate instead of a JWKS URL;"
                                + " add the client's public key as jwks by hand");
                    }
                }
                default -> notes.accept(who + "client authentication '" + c.authenticatorType() + "' is not"
                        + " supported; choose client_secret_basic or private_key_jwt by hand");
            }
            if (secretVariable.isEmpty() && jwksUri.isEmpty()) {
                notes.accept(who + "no usable client authentication left; not carried over");
                return Optional.empty();
            }
        }
        List<String> scopes = new ArrayList<>(List.of("openid"));
        List<String> otherScopes = new ArrayList<>();
        for (String scope : concat(c.defaultScopes(), c.optionalScopes())) {
            if (STANDARD_SCOPES.contains(scope)) {
                scopes.add(scope);
            } else {
                otherScopes.add(scope);
            }
        }
        if (!otherScopes.isEmpty()) {
            notes.accept(who + "client scopes " + String.join(", ", otherScopes) + " have no Toegang equivalent");
        }
        other(c, notes);
        Optional<String> backchannel = c.attribute("backchannel.logout.url");
        return Optional.of(new MappedClient(c.clientId(), c.name().filter(n -> !n.startsWith("${")),
                !c.publicClient(), secretVariable, jwksUri, redirects, postLogout, grants, scopes, backchannel,
                backchannel.isPresent() && c.flag("backchannel.logout.session.required"),
                c.flag("require.pushed.authorization.requests"), c.flag("dpop.bound.access.tokens")));
    }

    private static void pkce(KeycloakClient c, Consumer<String> notes) {
        Optional<String> method = c.attribute("pkce.code.challenge.method");
        String who = "client " + c.clientId() + ": ";
        if (method.isPresent() && !method.get().equals("S256")) {
            notes.accept(who + "PKCE method " + method.get() + " is refused; Toegang accepts S256 only");
        } else if (method.isPresent() && !c.publicClient()) {
            notes.accept(who + "PKCE S256 is accepted, but Toegang requires it only of public clients (and fapi2"
                    + " clients); it has no switch to require it of one confidential client");
        }
    }

    private static void other(KeycloakClient c, Consumer<String> notes) {
        String who = "client " + c.clientId() + ": ";
        if (!c.webOrigins().isEmpty()) {
            notes.accept(who + "web origins (CORS) are not configured per client in Toegang");
        }
        if (c.consentRequired()) {
            notes.accept(who + "consent screen: Toegang shows none (its clients are the realm's own portals)");
        }
        if (c.frontchannelLogout() && c.attribute("frontchannel.logout.url").isPresent()) {
            notes.accept(who + "front-channel logout is not supported; use backchannelLogoutUri");
        }
        if (c.protocolMappers() > 0) {
            notes.accept(who + c.protocolMappers() + " protocol mapper(s) not carried over");
        }
        if (c.flag("tls.client.certificate.bound.access.tokens")) {
            notes.accept(who + "certificate-bound tokens (mTLS) are not supported; dpop: required binds tokens"
                    + " instead");
        }
    }

    private static List<String> postLogout(KeycloakClient c, List<String> redirects, Consumer<String> notes) {
        Optional<String> raw = c.attribute("post.logout.redirect.uris");
        if (raw.isEmpty() || raw.get().equals("-")) {
            return List.of();
        }
        List<String> listed = new ArrayList<>();
        for (String uri : raw.get().split("##")) {
            if (uri.equals("+")) {
                listed.addAll(redirects); // Keycloak's "+": the same as the redirect URIs
            } else if (!uri.isBlank()) {
                listed.add(uri);
            }
        }
        return uris(listed, c, "post-logout redirect URIs", notes);
    }

    /** Absolute URIs without wildcards; relative ones are resolved against the client's root URL as Keycloak does. */
    private static List<String> uris(List<String> uris, KeycloakClient c, String what, Consumer<String> notes) {
        Set<String> out = new LinkedHashSet<>();
        for (String uri : uris) {
            String absolute = uri;
            if (uri.startsWith("/")) {
                if (c.rootUrl().isEmpty()) {
                    notes.accept("client " + c.clientId() + ": " + what + " entry " + uri + " is relative and the"
                            + " client has no root URL; left out");
                    continue;
                }
                absolute = URI.create(c.rootUrl().get()).resolve(uri).toString();
            }
            if (absolute.contains("*")) {
                notes.accept("client " + c.clientId() + ": " + what + " entry " + uri + " has a wildcard; Toegang"
                        + " compares URIs exactly, so list each one; left out");
                continue;
            }
            out.add(absolute);
        }
        return List.copyOf(out);
    }

    /** {@code portal-web} → {@code PORTAL_WEB_SECRET}. */
    static String secretVariable(String clientId) {
        String name = clientId.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        return (Character.isDigit(name.charAt(0)) ? "CLIENT_" : "") + name + "_SECRET";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
