/**
 * Signing in: the one place every login ends, and the email-account login methods.
 *
 * <p><b>API</b> (this package): {@link nl.toegang.login.LoginOutcome} (what a method proved: sealed, one record per
 * kind of proof), {@link nl.toegang.login.LoginMethod} and {@link nl.toegang.login.LoginCompletion}, which turns an
 * outcome into a realm session: second-factor gate, session ({@code session.RealmSignIn}), the one
 * {@code login success} audit event, the new-device notice, and where the browser goes next. Sub-packages are
 * internal, one per method or step: {@code password} (the login page), {@code secondfactor} (gate, codes, required
 * enrolment), {@code passkey} (passwordless and second-factor passkey sign-in). DigiD is a method too, but its
 * controller lives with the SAML service provider ({@code federation.digid.DigidController}) and plugs in through
 * this API; so do upstream OpenID Providers ({@code federation.upstream.UpstreamController}). A method's controller
 * verifies its credential and hands the outcome to the completion; it holds no
 * session, audit or device-notice code of its own.
 *
 * <p><b>Adding a login method</b> (e.g. an upstream SAML or OIDC IdP): its controller (a sub-package here, or in
 * the module that speaks the protocol), a {@link nl.toegang.login.LoginMethod} constant saying whether it is
 * federated, and a {@code LoginOutcome.Federated} (or {@code Authenticated}) passed to
 * {@code LoginCompletion.complete}. The compiler then points at the one switch that decides the new method's device
 * notice; nothing else changes.
 *
 * <p><b>Dependencies</b>: login may use account, audit, lockout, mfa, pages, realm and session (the
 * {@code @ApplicationModule} below is the checked list). It never
 * imports federation or oidc: federation's DigiD controller calls into this API (the only place a module imports
 * {@code nl.toegang.login}), so login must not depend on anything that depends on login. State that a lower module
 * also needs stays there: the pending second-factor login ({@code mfa.PendingLogin}, {@code mfa.PendingLogins}) and
 * the MFA requirements ({@code mfa.MfaRequirements}) are mfa's, because oidc's authorization-requirement filter
 * starts a second step too.
 */
@ApplicationModule(displayName = "Signing in", allowedDependencies = {
        "account", "account :: device", "audit", "config", "lockout", "mfa", "mfa :: passkey", "mfa :: recovery", "mfa :: totp",
        "pages", "realm", "session"
})
package nl.toegang.login;

import org.springframework.modulith.ApplicationModule;
