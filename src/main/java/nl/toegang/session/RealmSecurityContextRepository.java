package nl.toegang.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.realm.RealmPaths;
import nl.toegang.realm.RealmRegistry;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.core.context.DeferredSecurityContext;

import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Keeps one security context per realm in the HTTP session, under a realm-specific attribute. A login to one realm
 * therefore authenticates nobody in another realm, even in the same browser: realms are isolated tenants.
 */
public class RealmSecurityContextRepository implements SecurityContextRepository {
    public static final String ATTRIBUTE_PREFIX = "TOEGANG_SECURITY_CONTEXT:";

    private final Map<String, HttpSessionSecurityContextRepository> perRealm;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    public RealmSecurityContextRepository(RealmRegistry realms) {
        this.perRealm = realms.all().stream().collect(Collectors.toUnmodifiableMap(r -> r.name(), r -> {
            var repository = new HttpSessionSecurityContextRepository();
            repository.setSpringSecurityContextKey(ATTRIBUTE_PREFIX + r.name());
            return repository;
        }));
    }

    private HttpSessionSecurityContextRepository forRequest(HttpServletRequest request) {
        return RealmPaths.realmName(request).map(perRealm::get).orElse(null);
    }

    @Override
    @Deprecated
    public SecurityContext loadContext(HttpRequestResponseHolder requestResponseHolder) {
        var repository = forRequest(requestResponseHolder.getRequest());
        return repository == null ? holder.createEmptyContext() : repository.loadContext(requestResponseHolder);
    }

    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        var repository = forRequest(request);
        if (repository != null) {
            return repository.loadDeferredContext(request);
        }
        Supplier<SecurityContext> empty = holder::createEmptyContext;
        return new DeferredSecurityContext() {
            @Override
            public SecurityContext get() {
                return empty.get();
            }

            @Override
            public boolean isGenerated() {
                return true;
            }
        };
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        var repository = forRequest(request);
        if (repository != null) {
            repository.saveContext(context, request, response);
        }
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        var repository = forRequest(request);
        return repository != null && repository.containsContext(request);
    }
}
