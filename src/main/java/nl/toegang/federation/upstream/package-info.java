/**
 * Login through an upstream OpenID Provider of the realm file (identity brokering, docs/upstream.md): discovery, the
 * authorization code flow with PKCE, state and nonce bound to the browser's session, RFC 9207 {@code iss}, the code
 * exchange with client_secret_basic, ID token validation per OIDC Core §3.1.3.7 ({@code IdTokenChecks}), optional
 * userinfo, claim and acr mapping, and ending the provider's session at logout. A verified login becomes a federated
 * identity and ends in {@code login.LoginCompletion} like every other method.
 *
 * <p>Named interface {@code upstream}: only {@link nl.toegang.federation.upstream.UpstreamSession}, which the
 * authorization server's RP-initiated logout asks whether to chain into the provider's logout; everything else here
 * is package-private.
 */
@NamedInterface("upstream")
package nl.toegang.federation.upstream;

import org.springframework.modulith.NamedInterface;
