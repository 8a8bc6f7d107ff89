package nl.toegang.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.account.StaffRoles;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks each admin API call against {@link StaffAction}'s role table before the handler runs: the handler's
 * {@link StaffEndpoint} names the action, the {@code {realm}} path variable the realm it acts in. A handler without
 * the annotation is refused, so a new endpoint cannot be open by omission.
 */
public class StaffActionInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (!(handler instanceof HandlerMethod method)) {
            return true; // static resources and error pages carry no staff action
        }
        StaffEndpoint endpoint = method.getMethodAnnotation(StaffEndpoint.class);
        if (endpoint == null) {
            return refuse(response, "this endpoint names no staff action and is closed");
        }
        StaffAction action = endpoint.value();
        String realm = realm(request);
        if (!action.allows(roles(SecurityContextHolder.getContext().getAuthentication()), realm)) {
            return refuse(response, StaffRoles.REALM.equals(realm)
                    ? "realm " + StaffRoles.REALM + " holds staff accounts: only the admin role may use it"
                    : "only the role(s) " + String.join(", ", new TreeSet<>(action.roles())) + " may "
                    + action.path().replace('-', ' '));
        }
        return true;
    }

    private static boolean refuse(HttpServletResponse response, String description) throws Exception {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        AdminApiRefusals.write(response, "insufficient_scope", description);
        return false;
    }

    private static Set<String> roles(Authentication caller) {
        if (caller == null) {
            return Set.of();
        }
        return caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring("ROLE_".length()))
                .collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private static String realm(HttpServletRequest request) {
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return variables instanceof Map<?, ?> map ? ((Map<String, String>) map).get("realm") : null;
    }
}
