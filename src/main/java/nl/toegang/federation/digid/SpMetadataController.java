package nl.toegang.federation.digid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/** A DigiD realm's signed SP metadata, for DigiD's connection form; 404 for a realm without DigiD. */
@Controller
public class SpMetadataController {
    private final DigidRealms realms;

    public SpMetadataController(DigidRealms realms) {
        this.realms = realms;
    }

    @GetMapping(value = "/realms/{realm}/saml/metadata", produces = "application/samlmetadata+xml")
    ResponseEntity<String> metadata(@PathVariable String realm) {
        DigidRealm digid = realms.find(realm).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/samlmetadata+xml"))
                .body(SpMetadata.of(digid));
    }
}
