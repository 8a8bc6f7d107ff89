package nl.toegang.realm;

import java.util.List;
import java.util.Optional;

/** Reads a client's {@code bsn:} block. */
final class BsnReleaseReader {
    static final List<String> FIELDS = List.of("eligible", "encryptIdToken", "jwks", "jwksUri");

    private BsnReleaseReader() {
    }

    static BsnRelease read(YamlMapping bsn, String label, ParseContext context) {
        boolean eligible = bsn.bool("eligible").orElse(false);
        boolean encrypt = bsn.bool("encryptIdToken").orElse(true);
        Optional<String> jwks = bsn.node("jwks").map(node -> JwksReader.read(node, "bsn of " + label, context));
        Optional<LocatedString> jwksUri = bsn.string("jwksUri");
        if (jwks.isPresent() && jwksUri.isPresent()) {
            throw context.error(bsn.lineOf("jwksUri"), "bsn of " + label + " declares both jwks and jwksUri;"
                    + " keep one of them");
        }
        jwksUri.ifPresent(uri -> RedirectUriRules.fetchableProblem(uri.value(), context.production()).ifPresent(
                problem -> { throw context.error(uri.line(), "bsn.jwksUri of " + label + " " + problem); }));
        if (eligible && encrypt && jwks.isEmpty() && jwksUri.isEmpty()) {
            throw context.error(bsn.line(), label + " may receive the BSN only in an encrypted ID token, but bsn has"
                    + " no jwks or jwksUri with the client's public encryption key");
        }
        return new BsnRelease(eligible, encrypt, jwks, jwksUri.map(LocatedString::value));
    }
}
