package nl.toegang.oidc.dpop;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.config.PublicUrl;
import nl.toegang.oidc.RealmAuthorizationServerContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Sender-constraint at userinfo (RFC 9449 §7): a DPoP-bound access token is accepted only as
 * {@code Authorization: DPoP <token>} with one proof made with the bound key, for this method and URI, carrying the
 * token's hash ({@code ath}), never seen before on any node. A DPoP-bound token sent as a bearer token is refused:
 * a stolen token must be worthless without the key. Tokens without {@code cnf} pass on to the bearer handling.
 */
public class DpopResourceFilter extends OncePerRequestFilter {
    private final DpopProofVerifier verifier;
    private final JwtDecoder tokens;
    private final PublicUrl publicUrl;

    public DpopResourceFilter(DpopProofVerifier verifier, JwtDecoder tokens, PublicUrl publicUrl) {
        this.verifier = verifier;
        this.tokens = tokens;
        this.publicUrl = publicUrl;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().endsWith("/userinfo");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            chain.doFilter(request, response);
            return;
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String token = space < 0 ? "" : authorization.substring(space + 1).trim();
        boolean dpopScheme = scheme.equalsIgnoreCase("DPoP");
        if (!dpopScheme && !scheme.equalsIgnoreCase("Bearer")) {
            chain.doFilter(request, response);
            return;
        }
        String boundKey;
        try {
            boundKey = boundKey(tokens.decode(token));
        } catch (JwtException invalid) {
            if (dpopScheme) {
                refuse(response, "invalid_token", "the access token is not valid");
                return;
            }
            chain.doFilter(request, response); // bearer handling answers invalid_token
            return;
        }
        if (!dpopScheme) {
            if (boundKey != null) {
                refuse(response, "invalid_token", "this access token is DPoP-bound; send it as Authorization: DPoP"
                        + " with a DPoP proof");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (boundKey == null) {
            refuse(response, "invalid_token", "this access token is not DPoP-bound; send it as a bearer token");
            return;
        }
        List<String> proofs = Collections.list(request.getHeaders("DPoP"));
        if (proofs.size() != 1) {
            refuse(response, "invalid_dpop_proof", "send exactly one DPoP header");
            return;
        }
        String uri = publicUrl.issuer(RealmAuthorizationServerContext.requireRealm()) + "/userinfo";
        try {
            var proof = verifier.verify(proofs.get(0), request.getMethod(), uri, token);
            if (!proof.jkt().equals(boundKey)) {
                refuse(response, "invalid_dpop_proof", "the proof is not made with the key the token is bound to");
                return;
            }
        } catch (DpopProofVerifier.InvalidDpopProof invalid) {
            refuse(response, "invalid_dpop_proof", invalid.getMessage());
            return;
        }
        chain.doFilter(request, response);
    }

    private static String boundKey(Jwt jwt) {
        return jwt.getClaims().get("cnf") instanceof Map<?, ?> cnf && cnf.get("jkt") instanceof String jkt ? jkt : null;
    }

    private static void refuse(HttpServletResponse response, String error, String description) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "DPoP error=\"" + error + "\", error_description=\""
                + description.replace("\"", "'") + "\", algs=\""
                + String.join(" ", DpopProofVerifier.ALGORITHM_NAMES) + "\"");
        response.setHeader("Cache-Control", "no-store");
    }
}
