package nl.toegang.mail.dev;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

import java.nio.charset.StandardCharsets;

import static org.springframework.http.HttpStatus.NOT_FOUND;

/**
 * Development pages to read the mails the {@link DevMailbox} kept. Exists only under the same condition as
 * {@link DevMailboxConfiguration}; with another transport {@code /dev/mailbox} is a 404.
 */
@Controller
@ConditionalOnProperty(name = "toegang.mail.transport", havingValue = "dev", matchIfMissing = true)
public class DevMailboxController {

    /**
     * For the raw HTML body: a sandbox without scripts (a unique origin that cannot reach our cookies or pages),
     * inline styles as mail uses them, no remote loads.
     */
    static final String HTML_BODY_POLICY =
            "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

    private final DevMailbox mailbox;

    public DevMailboxController(DevMailbox mailbox) {
        this.mailbox = mailbox;
    }

    @GetMapping("/dev/mailbox")
    String list(Model model) {
        model.addAttribute("mails", mailbox.list());
        return "dev/mailbox";
    }

    @GetMapping("/dev/mailbox/{id:[0-9a-f-]{36}}")
    String show(@PathVariable String id, Model model) {
        model.addAttribute("mail", find(id));
        return "dev/mail";
    }

    @GetMapping("/dev/mailbox/{id:[0-9a-f-]{36}}.html")
    ResponseEntity<String> html(@PathVariable String id) {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Content-Security-Policy", HTML_BODY_POLICY)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(find(id).html());
    }

    /** The newest mail to an address as JSON, for tests and people trying flows by hand. */
    @GetMapping(path = "/dev/mailbox/latest", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<LatestMail> latest(@RequestParam("to") String to) {
        return mailbox.latestTo(to)
                .map(m -> ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(LatestMail.of(m)))
                .orElseThrow(() -> new ResponseStatusException(NOT_FOUND));
    }

    private DevMail find(String id) {
        return mailbox.find(id).orElseThrow(() -> new ResponseStatusException(NOT_FOUND));
    }

    /** JSON shape of {@code /dev/mailbox/latest}. */
    public record LatestMail(String id, String realm, String template, String to, String subject, String text,
                             String html, String receivedAt) {
        static LatestMail of(DevMail m) {
            return new LatestMail(m.id(), m.realm(), m.template(), m.to(), m.subject(), m.text(), m.html(),
                    m.receivedAt().toString());
        }

        @Override
        public String toString() {
            return "LatestMail[id=" + id + "]";
        }
    }
}
