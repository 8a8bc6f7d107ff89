package nl.toegang.config;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * In production ({@code toegang.production=true}) refuses to start with settings that are only safe on a developer's
 * machine. Other capabilities check their own parts (realm files: weak secrets and seeded users; mail: the dev
 * mailbox; DigiD: a realm using the mock IdP); this check covers the server-wide settings.
 */
@Component
public class ProductionSettingsCheck implements InitializingBean {
    private final ToegangProperties properties;
    private final MockDigidProperties mockDigid;

    public ProductionSettingsCheck(ToegangProperties properties, MockDigidProperties mockDigid) {
        this.properties = properties;
        this.mockDigid = mockDigid;
    }

    @Override
    public void afterPropertiesSet() {
        if (!properties.production()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        String url = properties.publicUrl() == null ? "" : properties.publicUrl().trim();
        if (url.isEmpty()) {
            problems.add("toegang.public-url is not set; set it to the https address people use");
        } else if (!url.startsWith("https://")) {
            problems.add("toegang.public-url must use https in production, found " + url);
        }
        if (properties.masterKey() == null || properties.masterKey().isBlank()) {
            problems.add("toegang.master-key is not set (base64 of 32 random bytes, e.g. openssl rand -base64 32)");
        }
        if (mockDigid.enabled()) {
            problems.add("toegang.mock-digid.enabled must be false in production: the mock DigiD hands out logins"
                    + " for any test BSN");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start in production: " + String.join("; ", problems));
        }
    }
}
