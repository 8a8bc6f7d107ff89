package nl.toegang.web;

import nl.toegang.config.ToegangProperties;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.Comparator;
import java.util.List;

/**
 * The server's root address: a page with a next step instead of a 404. It lists the realms a person can use (not the
 * staff realm) with their status pages; in development also the console, discovery document and dev mailbox, so a
 * newcomer who runs the server finds everything from one page.
 */
@Controller
@EnableConfigurationProperties(HomePageProperties.class)
public class HomePageController {
    private final RealmRegistry realms;
    private final HomePageProperties home;
    private final boolean production;
    private final boolean devMailbox;

    public HomePageController(RealmRegistry realms, HomePageProperties home, ToegangProperties properties,
                              Environment environment) {
        this.realms = realms;
        this.home = home;
        this.production = properties.production();
        this.devMailbox = "dev".equals(environment.getProperty("toegang.mail.transport", "dev"));
    }

    /** One realm as the page shows it. */
    public record RealmLink(String name, String displayName) {
    }

    @GetMapping("/")
    Object home(Model model) {
        if (home.redirect() != null) {
            return ResponseEntity.status(HttpStatus.SEE_OTHER).location(home.redirect()).build();
        }
        List<RealmLink> listed = realms.all().stream()
                .filter(realm -> !"admin".equals(realm.name()))
                .sorted(Comparator.comparing(RealmDefinition::name))
                .map(realm -> new RealmLink(realm.name(), realm.displayName()))
                .toList();
        model.addAttribute("realms", listed);
        model.addAttribute("development", !production);
        model.addAttribute("devMailbox", !production && devMailbox);
        return "home/index";
    }
}
