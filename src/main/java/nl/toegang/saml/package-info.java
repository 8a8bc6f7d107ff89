/**
 * The SAML 2.0 protocol as DigiD speaks it: AuthnRequest and artifact messages, step-by-step response and
 * assertion validation, logout messages and IdP metadata. Knows nothing of realms, sessions or HTTP controllers.
 */
@ApplicationModule(displayName = "SAML protocol", allowedDependencies = {})
package nl.toegang.saml;

import org.springframework.modulith.ApplicationModule;
