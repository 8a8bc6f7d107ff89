/**
 * The OpenID Connect provider per realm on Spring Authorization Server: clients, tokens and their storage, DPoP,
 * pushed authorization requests, signing keys ({@code keys}, a named interface), logout and back-channel logout.
 */
@ApplicationModule(displayName = "OIDC authorization server", allowedDependencies = {
        "account", "audit", "config", "crypto", "federation :: digid", "federation :: upstream", "lockout", "mfa",
        "outbox", "pages", "realm", "saml", "session"
})
package nl.toegang.oidc;

import org.springframework.modulith.ApplicationModule;
