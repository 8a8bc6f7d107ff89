package nl.toegang.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.realm.RealmPaths;
import nl.toegang.realm.RealmRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Every console page ({@code /realms/{realm}/account} and below, except the callback) needs a live console login
 * of that realm ({@link ConsoleLogins}); without one the browser goes through the realm's authorization endpoint
 * first, like for any portal. A GET comes back to the page it asked for; a POST is never replayed, it comes back to
 * the console home page.
 */
public class ConsoleLoginFilter extends OncePerRequestFilter {
    private final ConsoleLogins logins;
    private final ConsoleSignIn signIn;
    private final RealmRegistry realms;

    public ConsoleLoginFilter(ConsoleLogins logins, ConsoleSignIn signIn, RealmRegistry realms) {
        this.logins = logins;
        this.signIn = signIn;
        this.realms = realms;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !pathOf(request).matches("^/realms/[^/]+/account(/.*)?$");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = pathOf(request);
        var realm = RealmPaths.realmName(path).filter(name -> realms.find(name).isPresent());
        if (realm.isEmpty() || path.equals(ConsolePaths.callback(realm.get()))) {
            chain.doFilter(request, response);
            return;
        }
        if (logins.current(realm.get(), request).isPresent()) {
            chain.doFilter(request, response);
            return;
        }
        boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        String returnTo = read ? path + (request.getQueryString() == null ? "" : "?" + request.getQueryString())
                : ConsolePaths.home(realm.get());
        response.setStatus(HttpStatus.SEE_OTHER.value());
        response.setHeader(HttpHeaders.LOCATION, signIn.start(realm.get(), returnTo, false, request));
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private static String pathOf(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
