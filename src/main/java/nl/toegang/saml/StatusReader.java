package nl.toegang.saml;

import nl.toegang.saml.xml.Dom;
import nl.toegang.saml.xml.SamlNamespaces;
import org.w3c.dom.Element;

/** Reads samlp:Status of a StatusResponseType and maps a non-success Response status to an outcome. */
final class StatusReader {
    private StatusReader() {
    }

    static SamlStatus read(Element statusResponse, String step) {
        Element status = Dom.single(statusResponse, SamlNamespaces.PROTOCOL, "Status", step);
        Element code = Dom.single(status, SamlNamespaces.PROTOCOL, "StatusCode", step);
        String top = Dom.requiredAttribute(code, "Value", step);
        String sub = Dom.optional(code, SamlNamespaces.PROTOCOL, "StatusCode", step)
                .map(c -> Dom.requiredAttribute(c, "Value", step)).orElse(null);
        String message = Dom.optional(status, SamlNamespaces.PROTOCOL, "StatusMessage", step)
                .map(m -> Dom.text(m, step)).orElse(null);
        return new SamlStatus(top, sub, message);
    }

    /** AuthnFailed means the user cancelled (DigiD), NoAuthnContext that the level cannot be met. */
    static SamlOutcome outcomeOfFailure(SamlStatus status) {
        if (SamlStatus.AUTHN_FAILED.equals(status.subCode())) {
            return new AuthenticationCancelled(status);
        }
        if (SamlStatus.NO_AUTHN_CONTEXT.equals(status.subCode())) {
            return new LevelNotMet(status);
        }
        return new AuthenticationFailed(status);
    }
}
