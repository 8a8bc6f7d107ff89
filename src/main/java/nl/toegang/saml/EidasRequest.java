package nl.toegang.saml;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an eIDAS AuthnRequest carries beyond a generic upstream one (eIDAS SAML Message Format v1.2; docs/eidas.md):
 * the {@code eidas:SPType} and {@code eidas:RequestedAttributes} extensions when the connection wants them, the
 * NameIDPolicy Format it wants (or none), and the RequestedAuthnContext Comparison. Always ForceAuthn="true" and
 * IsPassive="false".
 *
 * @param spType              {@code public} or {@code private}; empty: no SPType element
 * @param requestedAttributes the attributes in {@code eidas:RequestedAttributes}; empty: no such element
 * @param nameIdFormat        the NameIDPolicy Format; empty: no NameIDPolicy
 * @param comparison          {@code minimum} (eIDAS) or {@code exact}
 * @param attributeConsumingServiceIndex the AuthnRequest's {@code AttributeConsumingServiceIndex} (a broker's service
 *                            catalogue entry, e.g. eToegang); empty: not sent
 */
public record EidasRequest(Optional<String> spType, List<Requested> requestedAttributes, Optional<String> nameIdFormat,
                           String comparison, Optional<Integer> attributeConsumingServiceIndex) {
    /** The eIDAS SAML extensions namespace. */
    public static final String NAMESPACE = "http://eidas.europa.eu/saml-extensions";

    public EidasRequest {
        Objects.requireNonNull(spType, "spType");
        Objects.requireNonNull(nameIdFormat, "nameIdFormat");
        requestedAttributes = List.copyOf(requestedAttributes);
        Objects.requireNonNull(attributeConsumingServiceIndex, "attributeConsumingServiceIndex");
        if (attributeConsumingServiceIndex.filter(i -> i < 0 || i > 65535).isPresent()) {
            throw new IllegalArgumentException("attributeConsumingServiceIndex is an unsignedShort");
        }
        if (!comparison.equals("minimum") && !comparison.equals("exact")) {
            throw new IllegalArgumentException("comparison must be minimum or exact");
        }
    }

    /** Without an AttributeConsumingServiceIndex. */
    public EidasRequest(Optional<String> spType, List<Requested> requestedAttributes, Optional<String> nameIdFormat,
                        String comparison) {
        this(spType, requestedAttributes, nameIdFormat, comparison, Optional.empty());
    }

    /** One {@code eidas:RequestedAttribute}: its URI Name and whether the SP requires it. */
    public record Requested(String name, boolean required) {
    }
}
