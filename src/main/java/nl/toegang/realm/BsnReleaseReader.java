package nl.toegang.realm;

import java.util.List;
import java.util.Optional;

/** Reads a client's {@code bsn:} block. */
final class BsnReleaseReader {
    static final List<String> FIELDS = List.of("eligible", "encryptIdToken", "jwks", "jwksUri");

    private BsnReleaseReader() {
    }

    static BsnRelease read(YamlMapping bsn, String label, ParseContext context) {
        return read(bsn, "bsn", "the BSN", label, context);
    }

    /** The same block shape under {@code field} (e.g. {@code eidasPersonIdentifier}), releasing {@code what}. */
    static BsnRelease read(YamlMapping bsn, String field, String what, String label, ParseContext context) {
        boolean eligible = bsn.bool("eligible").orElse(false);
        boolean encrypt = bsn.bool("encryptIdToken").orElse(true);
        Optional<String> jwks = bsn.node("jwks").map(node -> JwksReader.read(node, field + " of " + label, context));
        Optional<LocatedString> jwksUri = bsn.string("jwksUri");
        if (jwks.isPresent() && jwksUri.isPresent()) {
            throw context.error(bsn.lineOf("jwksUri"), field + " of " + label + " declares both jwks and jwksUri;"
                    + " keep one of them");
        }
        jwksUri.ifPresent(uri -> RedirectUriRules.fetchableProblem(uri.value(), context.production()).ifPresent(
                problem -> { throw context.error(uri.line(), field + ".jwksUri of " + label + " " + problem); }));
        if (eligible && encrypt && jwks.isEmpty() && jwksUri.isEmpty()) {
            throw context.error(bsn.line(), label + " may receive " + what + " only in an encrypted ID token, but "
                    + field + " has no jwks or jwksUri with the client's public encryption key");
        }
        return new BsnRelease(eligible, encrypt, jwks, jwksUri.map(LocatedString::value));
    }
}
