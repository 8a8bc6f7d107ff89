package nl.toegang.realm;

import nl.toegang.realm.ClientDefinition.ClientType;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static nl.toegang.realm.ClientDefinition.CLIENT_CREDENTIALS;
import static nl.toegang.realm.ClientDefinition.NONE;
import static nl.toegang.realm.ClientDefinition.PRIVATE_KEY_JWT;
import static nl.toegang.realm.ClientDefinition.SECRET_BASIC;
import static nl.toegang.realm.ClientDefinition.SECRET_POST;

/**
 * Reads how a client authenticates ({@code secret}, {@code jwks}, {@code jwksUri}, {@code authenticationMethods})
 * into its builder: every method has its credential, every credential is used, public clients hold none.
 */
final class ClientAuthenticationReader {
    static final List<String> AUTHENTICATION_METHODS = List.of(SECRET_BASIC, SECRET_POST, PRIVATE_KEY_JWT, NONE);

    private ClientAuthenticationReader() {
    }

    static void read(YamlMapping client, String label, ClientType type, Set<String> grantTypes, ParseContext context,
                     ClientDefinition.Builder builder) {
        Optional<LocatedString> secret = client.string("secret");
        Optional<LocatedString> jwksUri = client.string("jwksUri");
        Optional<String> jwks = client.node("jwks").map(jwksNode -> JwksReader.read(jwksNode, label, context));

        if (type == ClientType.PUBLIC) {
            checkPublic(client, label, grantTypes, context);
        }
        if (secret.isPresent() && secret.get().value().isEmpty()) {
            throw context.error(secret.get().line(), label + " has an empty secret; remove the field or give it a value");
        }
        if (jwksUri.isPresent() && jwks.isPresent()) {
            throw context.error(client.lineOf("jwksUri"), label + " declares both jwks and jwksUri; keep one of them");
        }
        jwksUri.ifPresent(uri -> RedirectUriRules.fetchableProblem(uri.value(), context.production()).ifPresent(
                problem -> { throw context.error(uri.line(), "jwksUri of " + label + " " + problem); }));
        boolean hasKeys = jwksUri.isPresent() || jwks.isPresent();
        Set<String> methods = authenticationMethods(client, label, type, secret.isPresent(), hasKeys, context);
        if (secret.isPresent() && context.production() && SecretStrength.isWeak(secret.get().value())) {
            throw context.error(secret.get().line(), label + " has a weak secret; use at least "
                    + SecretStrength.MIN_LENGTH + " random characters (e.g. openssl rand -base64 32)");
        }

        secret.ifPresent(value -> builder.secret(new Secret(value.value())));
        jwksUri.ifPresent(uri -> builder.jwksUri(uri.value()));
        jwks.ifPresent(builder::jwks);
        builder.authenticationMethods(methods);
    }

    private static void checkPublic(YamlMapping client, String label, Set<String> grantTypes, ParseContext context) {
        if (client.node("secret").isPresent()) {
            throw context.error(client.lineOf("secret"), label + " is public and cannot keep a secret;"
                    + " remove 'secret' or make it type: confidential");
        }
        if (grantTypes.contains(CLIENT_CREDENTIALS)) {
            throw context.error(client.lineOf("grantTypes"), label + " is public and cannot use client_credentials,"
                    + " which needs a client that authenticates; make it type: confidential");
        }
        for (String keys : List.of("jwks", "jwksUri")) {
            if (client.node(keys).isPresent()) {
                throw context.error(client.lineOf(keys), label + " is public and cannot use '" + keys
                        + "' (private_key_jwt is for confidential clients)");
            }
        }
    }

    private static Set<String> authenticationMethods(YamlMapping client, String label, ClientType type,
                                                     boolean hasSecret, boolean hasKeys, ParseContext context) {
        Optional<List<LocatedString>> declared = client.strings("authenticationMethods");
        if (declared.isEmpty()) {
            return ClientDefinition.defaultAuthenticationMethods(type, hasSecret, hasKeys).orElseThrow(
                    () -> context.error(client.line(), label + " is confidential but has no way to authenticate; give"
                            + " it a secret (client_secret_basic/post) or jwks/jwksUri (private_key_jwt), or make it"
                            + " type: public"));
        }
        Set<String> methods = new LinkedHashSet<>();
        for (LocatedString method : declared.get()) {
            String value = method.value();
            if (!AUTHENTICATION_METHODS.contains(value)) {
                throw context.error(method.line(), "unknown authentication method '" + value + "' in " + label
                        + "; allowed: " + String.join(", ", AUTHENTICATION_METHODS));
            }
            if (type == ClientType.PUBLIC && !value.equals(NONE)) {
                throw context.error(method.line(), label + " is public, so its only authentication method is"
                        + " 'none', not '" + value + "'");
            }
            if (type == ClientType.CONFIDENTIAL && value.equals(NONE)) {
                throw context.error(method.line(), label + " is confidential and must authenticate; 'none' is only"
                        + " for public clients");
            }
            if ((value.equals(SECRET_BASIC) || value.equals(SECRET_POST)) && !hasSecret) {
                throw context.error(method.line(), label + " uses " + value + " but has no secret");
            }
            if (value.equals(PRIVATE_KEY_JWT) && !hasKeys) {
                throw context.error(method.line(), label + " uses private_key_jwt but has neither jwks nor jwksUri"
                        + " with its public keys");
            }
            methods.add(value);
        }
        if (methods.isEmpty()) {
            throw context.error(client.lineOf("authenticationMethods"), "authenticationMethods of " + label
                    + " is empty; leave it out to use the defaults");
        }
        if (hasSecret && !methods.contains(SECRET_BASIC) && !methods.contains(SECRET_POST)) {
            throw context.error(client.lineOf("secret"), label + " has a secret but none of its authenticationMethods"
                    + " uses it; add client_secret_basic or remove the secret");
        }
        return methods;
    }
}
