package nl.toegang.oidc;

import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.text.ParseException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 7521 §4.2 makes {@code client_id} optional next to a {@code client_assertion} (Nimbus and other FAPI clients
 * leave it out), but Spring's converter requires it. When it is absent, the assertion's {@code sub} names the client
 * to look up; nothing is trusted from it: the assertion must then verify with that client's own keys and carry
 * {@code iss} = {@code sub} = that client ({@link ClientAssertionDecoderFactory}).
 */
public class ClientAssertionClientId extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String assertion = request.getParameter("client_assertion");
        if (assertion == null || request.getParameter("client_id") != null) {
            chain.doFilter(request, response);
            return;
        }
        String subject;
        try {
            subject = JWTParser.parse(assertion).getJWTClaimsSet().getSubject();
        } catch (ParseException | RuntimeException unreadable) {
            subject = null; // Spring answers invalid_request / invalid_client
        }
        chain.doFilter(subject == null ? request : withClientId(request, subject), response);
    }

    private static HttpServletRequest withClientId(HttpServletRequest request, String clientId) {
        Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameterMap());
        parameters.put("client_id", new String[] {clientId});
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getParameter(String name) {
                String[] values = parameters.get(name);
                return values == null || values.length == 0 ? null : values[0];
            }

            @Override
            public Map<String, String[]> getParameterMap() {
                return Collections.unmodifiableMap(parameters);
            }

            @Override
            public Enumeration<String> getParameterNames() {
                return Collections.enumeration(parameters.keySet());
            }

            @Override
            public String[] getParameterValues(String name) {
                return parameters.get(name);
            }
        };
    }
}
