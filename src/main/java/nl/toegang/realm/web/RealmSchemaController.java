package nl.toegang.realm.web;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Serves the JSON Schema of realm files at {@value #PATH} for editors and pipelines: public (it describes the file
 * format, nothing about this server's realms), cacheable, with an ETag. The content is docs/realm.schema.json, copied
 * into the jar by the build, so there is one copy to keep true.
 */
@RestController
public class RealmSchemaController {
    public static final String PATH = "/schemas/realm.json";
    public static final MediaType SCHEMA_JSON = MediaType.parseMediaType("application/schema+json");
    static final String RESOURCE = "nl/toegang/realm/web/realm.schema.json";

    private final byte[] schema;
    private final String etag;

    public RealmSchemaController() {
        // Read once at startup: a jar built without the schema (e.g. docs/ left out of an image build) fails to start.
        try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
            this.schema = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the realm file schema " + RESOURCE + " is missing from the build; it is"
                    + " copied from docs/realm.schema.json", e);
        }
        this.etag = "\"" + sha256(schema) + "\"";
    }

    /** A request whose If-None-Match names the ETag is answered 304 by Spring MVC's entity handling. */
    @GetMapping(PATH)
    ResponseEntity<byte[]> schema() {
        return ResponseEntity.ok()
                .contentType(SCHEMA_JSON)
                .cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePublic())
                .eTag(etag)
                .body(schema);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
