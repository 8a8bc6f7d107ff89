package nl.toegang.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.realm.RealmPaths;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

import nl.toegang.realm.RealmRegistry;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Remembers, per realm, the request that sent the browser to the login page (usually an authorization request),
 * so that logins to two realms in one browser do not overwrite each other's destination.
 */
public class RealmRequestCache implements RequestCache {
    private final Map<String, HttpSessionRequestCache> perRealm;

    public RealmRequestCache(RealmRegistry realms) {
        this.perRealm = realms.all().stream().collect(Collectors.toUnmodifiableMap(r -> r.name(), r -> {
            var cache = new HttpSessionRequestCache();
            cache.setSessionAttrName("TOEGANG_SAVED_REQUEST:" + r.name());
            return cache;
        }));
    }

    private RequestCache forRequest(HttpServletRequest request) {
        return RealmPaths.realmName(request).map(perRealm::get).orElse(null);
    }

    @Override
    public void saveRequest(HttpServletRequest request, HttpServletResponse response) {
        var cache = forRequest(request);
        if (cache != null) {
            cache.saveRequest(request, response);
        }
    }

    @Override
    public SavedRequest getRequest(HttpServletRequest request, HttpServletResponse response) {
        var cache = forRequest(request);
        return cache == null ? null : cache.getRequest(request, response);
    }

    @Override
    public HttpServletRequest getMatchingRequest(HttpServletRequest request, HttpServletResponse response) {
        var cache = forRequest(request);
        return cache == null ? null : cache.getMatchingRequest(request, response);
    }

    @Override
    public void removeRequest(HttpServletRequest request, HttpServletResponse response) {
        var cache = forRequest(request);
        if (cache != null) {
            cache.removeRequest(request, response);
        }
    }
}
