/**
 * The DigiD broker: SAML login and logout against DigiD per realm ({@code digid}, a named interface), the SP
 * metadata and keys, federated identities, and the development mock of DigiD ({@code saml.mock}, internal). Also
 * login through the realm file's upstream OpenID Providers ({@code upstream}, internal; docs/upstream.md), whose
 * people are federated identities too.
 */
@ApplicationModule(displayName = "DigiD federation", allowedDependencies = {
        "account", "audit", "config", "crypto", "lockout", "login", "mfa", "pages", "realm", "saml", "saml :: crypto", "saml :: redis",
        "saml :: xml", "session"
})
package nl.toegang.federation;

import org.springframework.modulith.ApplicationModule;
