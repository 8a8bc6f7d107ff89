package nl.toegang.realm;

import nl.toegang.realm.ClientDefinition.BackchannelLogout;

import java.util.Optional;

/** Reads a client's OIDC Back-Channel Logout registration ({@code backchannelLogoutUri} and its session switch). */
final class BackchannelLogoutReader {

    private BackchannelLogoutReader() {
    }

    static Optional<BackchannelLogout> read(YamlMapping client, String label, ParseContext context) {
        Optional<LocatedString> uri = client.string("backchannelLogoutUri");
        Optional<Boolean> sessionRequired = client.bool("backchannelLogoutSessionRequired");
        if (uri.isEmpty()) {
            if (sessionRequired.isPresent()) {
                // Without a URI the setting would silently do nothing.
                throw context.error(client.lineOf("backchannelLogoutSessionRequired"), label
                        + " has backchannelLogoutSessionRequired but no backchannelLogoutUri");
            }
            return Optional.empty();
        }
        String value = uri.get().value();
        Optional<String> problem = value.contains("*")
                ? Optional.of("must not contain a wildcard (*); give the exact URL")
                : RedirectUriRules.fetchableProblem(value, context.production());
        problem.ifPresent(p -> {
            throw context.error(uri.get().line(), "backchannelLogoutUri of " + label + " " + p);
        });
        return Optional.of(new BackchannelLogout(value, sessionRequired.orElse(false)));
    }
}
