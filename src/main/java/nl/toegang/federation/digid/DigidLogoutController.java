package nl.toegang.federation.digid;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import nl.toegang.federation.saml.Bsn;
import nl.toegang.federation.saml.LogoutRequestFactory;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.session.RealmSignIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

/**
 * SAML single logout toward DigiD (SP-initiated, HTTP-POST binding). {@code GET /realms/{realm}/saml/logout} ends
 * this browser's DigiD session in the realm and answers with a page whose form POSTs a signed LogoutRequest to the
 * IdP. The LogoutRequest's NameID holds the sector-coded BSN, which is why it never goes by redirect: no BSN in any
 * URL, log line or audit event.
 */
@Controller
public class DigidLogoutController {
    private static final Logger log = LoggerFactory.getLogger(DigidLogoutController.class);

    private final DigidRealms realms;
    private final FederatedIdentities identities;
    private final RealmSignIn signIn;
    private final RealmRegistry registry;
    private final Clock clock;
    private final SecureRandom random;

    public DigidLogoutController(DigidRealms realms, FederatedIdentities identities, RealmSignIn signIn,
                                 RealmRegistry registry, Clock clock, SecureRandom random) {
        this.realms = realms;
        this.identities = identities;
        this.signIn = signIn;
        this.registry = registry;
        this.clock = clock;
        this.random = random;
    }

    @GetMapping("/realms/{realm}/saml/logout")
    String logout(@PathVariable String realm, HttpServletRequest request, HttpServletResponse response,
                  Model model) {
        DigidRealm digid = digid(realm);
        model.addAttribute("realmInfo", registry.require(realm));
        HttpSession session = request.getSession(false);
        Object stored = session == null ? null : session.getAttribute(DigidSession.attribute(realm));
        if (session != null) {
            session.removeAttribute(DigidSession.attribute(realm));
        }
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        boolean federated = current != null && current.isAuthenticated() && current.getAuthorities().stream()
                .anyMatch(a -> RealmSignIn.FEDERATED_AUTHORITY.equals(a.getAuthority()));
        if (!(stored instanceof DigidSession digidSession) || !digidSession.realm().equals(realm)) {
            return "digid/signed-out";
        }
        // The stored DigiD login must still be this browser's (or its session already ended: idle timeout or
        // RP-initiated logout). An email-account session that replaced it is not ended by a DigiD logout.
        boolean sameIdentity = federated && digidSession.identityId().equals(current.getName());
        boolean noSession = current == null || !current.isAuthenticated()
                || current.getAuthorities().stream().noneMatch(
                        a -> (RealmSignIn.REALM_AUTHORITY_PREFIX + realm).equals(a.getAuthority()));
        if (!sameIdentity && !noSession) {
            return "digid/signed-out";
        }
        if (sameIdentity) {
            signIn.signOut(realm, request, response);
        }
        Optional<String> sloUrl = digid.idp().singleLogoutUrl();
        Optional<Bsn> bsn = identities.bsn(realm, digidSession.identityId());
        if (sloUrl.isEmpty() || bsn.isEmpty()) {
            log.info("DigiD logout in realm {}: local session ended; {}", realm,
                    sloUrl.isEmpty() ? "the IdP metadata names no HTTP-POST SingleLogoutService" : "identity gone");
            return "digid/signed-out";
        }
        byte[] logoutRequest = new LogoutRequestFactory(clock, random, digid.spEntityId(),
                digid.credentials().signing()).create(sloUrl.get(), digid.settings().sector(), bsn.get(),
                digidSession.sessionIndex());
        byte[] relay = new byte[32];
        random.nextBytes(relay);
        model.addAttribute("sloUrl", sloUrl.get());
        model.addAttribute("samlRequest", Base64.getEncoder().encodeToString(logoutRequest));
        model.addAttribute("relayState", Base64.getUrlEncoder().withoutPadding().encodeToString(relay));
        // The page holds the BSN (base64 in a hidden field): keep it out of every cache.
        response.setHeader("Cache-Control", "no-store");
        log.info("DigiD logout in realm {}: local session of federated identity {} ended, LogoutRequest sent by POST",
                realm, digidSession.identityId());
        return "digid/logout-post";
    }

    /** Where the IdP sends the browser back after its logout. */
    @GetMapping("/realms/{realm}/saml/logout/done")
    String done(@PathVariable String realm, Model model) {
        digid(realm);
        model.addAttribute("realmInfo", registry.require(realm));
        return "digid/signed-out";
    }

    private DigidRealm digid(String realm) {
        if (!realms.offersDigid(realm)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return realms.find(realm).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
