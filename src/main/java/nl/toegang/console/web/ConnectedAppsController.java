package nl.toegang.console.web;

import nl.toegang.console.ConsoleTexts;
import nl.toegang.console.web.ConsoleUsers;
import nl.toegang.audit.AuditLog;
import nl.toegang.oidc.ConnectedApps;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.pages.RealmPages;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;

/** The console's list of portal apps with access to the account, each with a Revoke button. */
@Controller
public class ConnectedAppsController {
    private final RealmPages pages;
    private final ConsoleUsers users;
    private final ConnectedApps apps;
    private final ConsoleTexts texts;
    private final AuditLog audit;

    public ConnectedAppsController(RealmPages pages, ConsoleUsers users, ConnectedApps apps,
                                   ConsoleTexts texts, AuditLog audit) {
        this.pages = pages;
        this.users = users;
        this.apps = apps;
        this.texts = texts;
        this.audit = audit;
    }

    /** One row of the page: the app and its scopes in words. */
    public record AppRow(String clientId, String name, List<String> scopes, String lastUsed) {
    }

    @GetMapping("/realms/{realm}/account/apps")
    String list(@PathVariable String realm, Authentication authentication, Model model) {
        RealmDefinition definition = pages.realm(realm, model);
        String subject = users.current(definition, authentication).subject();
        model.addAttribute("apps", apps.list(realm, subject).stream()
                .map(a -> new AppRow(a.clientId(), a.name(), a.scopes().stream().map(texts::scope).toList(),
                        a.lastUsed().map(texts::when).orElse(null)))
                .toList());
        return "account/apps";
    }

    @PostMapping("/realms/{realm}/account/apps/{clientId}/revoke")
    Object revoke(@PathVariable String realm, @PathVariable String clientId, Authentication authentication,
                  RedirectAttributes redirect) {
        RealmDefinition definition = pages.realm(realm);
        String subject = users.current(definition, authentication).subject();
        if (!apps.revoke(realm, subject, clientId)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown app");
        }
        audit.event(realm, "app-revoked", "success").account(subject).client(clientId).record();
        redirect.addFlashAttribute("notice", "apps.revoked");
        return RealmPages.seeOther("/realms/" + realm + "/account/apps");
    }

}
