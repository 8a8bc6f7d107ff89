package nl.toegang.observability;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health answers name their parts only on the management port: there readiness says which dependency fails
 * ({@code database}, {@code redis}, with since when), so an operator knows where to look. On the public port (where
 * the probes answer when no separate management port is configured, or at {@code /readyz} and {@code /livez} with
 * {@code management.endpoint.health.probes.add-additional-paths}) the answer stays {@code {"status":"DOWN"}}: the
 * world need not know what this node runs on. The groups' own {@code show-components}/{@code show-details} settings
 * still apply on the management port.
 */
@Component
public class ManagementPortHealthDetails implements HealthEndpointGroupsPostProcessor {
    private volatile int managementPort = -1;

    @EventListener
    void onWebServerStarted(WebServerInitializedEvent event) {
        if ("management".equals(event.getApplicationContext().getServerNamespace())) {
            managementPort = event.getWebServer().getPort();
        }
    }

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        Map<String, HealthEndpointGroup> named = new LinkedHashMap<>();
        groups.getNames().forEach(name -> named.put(name, new OnManagementPort(groups.get(name))));
        return HealthEndpointGroups.of(new OnManagementPort(groups.getPrimary()), named);
    }

    /** True while serving a request that came in on the (separate) management port. */
    boolean onManagementPort() {
        int port = managementPort;
        return port > 0 && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                && attributes.getRequest().getLocalPort() == port;
    }

    private final class OnManagementPort implements HealthEndpointGroup {
        private final HealthEndpointGroup group;

        OnManagementPort(HealthEndpointGroup group) {
            this.group = group;
        }

        @Override
        public boolean isMember(String name) {
            return group.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return group.showComponents(securityContext) && onManagementPort();
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return group.showDetails(securityContext) && onManagementPort();
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return group.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return group.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return group.getAdditionalPath();
        }
    }
}
