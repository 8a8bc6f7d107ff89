package nl.toegang.admin;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The served OpenAPI description lists exactly the admin endpoints the server has. */
class AdminOpenApiTest {
    @TempDir
    Path temp;

    @Test
    @SuppressWarnings("unchecked")
    void openApiIsServedAndCoversEveryAdminEndpoint() {
        try (TestServer server = TestServer.embedded(temp.resolve("data"), Path.of("realms"), Map.of()).start()) {
            var response = new Browser().get(server.baseUrl() + "/openapi/admin.yaml", Map.of());
            assertThat(response.statusCode()).isEqualTo(200);
            Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(response.body());
            Set<String> documented = new TreeSet<>(((Map<String, Object>) doc.get("paths")).keySet());

            Set<String> served = new TreeSet<>();
            server.bean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class).getHandlerMethods().keySet().forEach(info ->
                    info.getPatternValues().stream().filter(p -> p.startsWith("/admin/"))
                            .map(p -> p.replace("{accountId}", "{id}")).forEach(served::add));
            assertThat(documented).isEqualTo(served);
        }
    }
}
