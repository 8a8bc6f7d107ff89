package nl.toegang.realm.web;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Editors fetch the realm file schema from the server: public, cacheable, the very file in docs/. */
class RealmSchemaEndpointTest {
    @TempDir
    Path data;

    @Test
    void schemaIsServedPubliclyAsTheDocsFileWithCachingAndAnETag() throws IOException {
        String docs = Files.readString(Path.of("docs/realm.schema.json"));
        try (TestServer server = TestServer.embedded(data, Path.of("realms"), Map.of()).start()) {
            String url = server.baseUrl() + "/schemas/realm.json";

            var response = new Browser().get(url, Map.of("Accept", "application/json"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/schema+json");
            assertThat(response.body()).isEqualTo(docs);
            assertThat(response.headers().firstValue("Cache-Control")).contains("max-age=86400, public");
            assertThat(response.headers().firstValue("Set-Cookie")).as("no session for a public file").isEmpty();
            String etag = response.headers().firstValue("ETag").orElseThrow();

            var unchanged = new Browser().get(url, Map.of("If-None-Match", etag));
            assertThat(unchanged.statusCode()).isEqualTo(304);
            assertThat(unchanged.body()).isEmpty();

            var changed = new Browser().get(url, Map.of("If-None-Match", "\"something-else\""));
            assertThat(changed.statusCode()).isEqualTo(200);

            var post = new Browser().send(HttpRequest.newBuilder(URI.create(url))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build());
            assertThat(post.statusCode()).as("not a 500").isBetween(400, 499);
        }
    }
}
