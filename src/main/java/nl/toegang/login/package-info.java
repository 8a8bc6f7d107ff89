/**
 * Signing in: every login method, and the one place each login ends.
 *
 * <p><b>API</b> (this package): {@link nl.toegang.login.LoginOutcome} (what a method proved: sealed, one record per
 * kind of proof), {@link nl.toegang.login.LoginMethod} and {@link nl.toegang.login.LoginCompletion}, which turns an
 * outcome into a realm session: second-factor gate, session ({@code session.RealmSignIn}), the one
 * {@code login success} audit event, the new-device notice, and where the browser goes next. Sub-packages are
 * internal, one per method or step: {@code password} (the login page), {@code secondfactor} (gate, codes, required
 * enrolment), {@code passkey} (passwordless and second-factor passkey sign-in), {@code digid} (the SAML round trip).
 * A method's controller verifies its credential with its own module (account, mfa, federation) and hands the
 * outcome to the completion; it holds no session, audit or device-notice code of its own.
 *
 * <p><b>Adding a login method</b> (e.g. an upstream SAML or OIDC IdP): a sub-package with its controller, a
 * {@link nl.toegang.login.LoginMethod} constant (saying whether it is federated), and a
 * {@code LoginOutcome.Federated} (or {@code Authenticated}) passed to {@code LoginCompletion.complete}. The
 * compiler then points at the one switch that decides the new method's device notice; nothing else changes.
 *
 * <p><b>Dependencies</b>: login is the top of the sign-in stack. It may use account, mfa, session, federation, saml,
 * realm, audit, lockout, mail, config and the page infrastructure (pages); no module imports
 * {@code nl.toegang.login}, so no cycle can pass through it. State that a lower module also needs stays there: the
 * pending second-factor login ({@code mfa.PendingLogin}, {@code mfa.PendingLogins}) and the MFA requirements
 * ({@code mfa.MfaRequirements}) are mfa's, because the authorization endpoint's step-up (oidc) starts a second
 * step too.
 */
package nl.toegang.login;
