package nl.toegang.federation.digid;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import nl.toegang.saml.Bsn;
import nl.toegang.saml.LogoutRequestFactory;
import nl.toegang.saml.SignedMessage;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.session.PostLogoutRedirect;
import nl.toegang.session.RealmLogout;
import nl.toegang.session.RealmSignIn;
import nl.toegang.pages.RealmPages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
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
 * this browser's DigiD session in the realm (if RP-initiated logout has not already done so) and answers with a page
 * whose form POSTs a signed LogoutRequest to the IdP; the request is remembered under the RelayState until DigiD's
 * LogoutResponse arrives at {@link DigidSingleLogoutService}. The LogoutRequest's NameID holds the sector-coded BSN,
 * which is why it never goes by redirect: no BSN in any URL, log line or audit event.
 */
@Controller
public class DigidLogoutController {
    private static final Logger log = LoggerFactory.getLogger(DigidLogoutController.class);

    private final DigidRealms realms;
    private final FederatedIdentities identities;
    private final RealmLogout logout;
    private final RealmRegistry registry;
    private final Clock clock;
    private final SecureRandom random;

    public DigidLogoutController(DigidRealms realms, FederatedIdentities identities, RealmLogout logout,
                                 RealmRegistry registry, Clock clock, SecureRandom random) {
        this.realms = realms;
        this.identities = identities;
        this.logout = logout;
        this.registry = registry;
        this.clock = clock;
        this.random = random;
    }

    @GetMapping("/realms/{realm}/saml/logout")
    Object logout(@PathVariable String realm, HttpServletRequest request, HttpServletResponse response,
                  Model model) {
        DigidRealm digid = digid(realm);
        model.addAttribute("realmInfo", registry.require(realm));
        HttpSession session = request.getSession(false);
        Object stored = session == null ? null : session.getAttribute(DigidSession.attribute(realm));
        if (session != null) {
            session.removeAttribute(DigidSession.attribute(realm));
        }
        Optional<Authentication> current = RealmLogout.current(realm);
        boolean federated = current.map(a -> a.getAuthorities().stream()
                .anyMatch(x -> RealmSignIn.FEDERATED_AUTHORITY.equals(x.getAuthority()))).orElse(false);
        if (!(stored instanceof DigidSession digidSession) || !digidSession.realm().equals(realm)) {
            return signedOut(realm, session);
        }
        // The stored DigiD login must still be this browser's (or its session already ended: idle timeout or
        // RP-initiated logout). An email-account session that replaced it is not ended by a DigiD logout.
        boolean sameIdentity = federated && digidSession.identityId().equals(current.get().getName());
        if (!sameIdentity && current.isPresent()) {
            return signedOut(realm, session);
        }
        if (sameIdentity) {
            logout.end(realm, "digid-logout", request, response);
        }
        Optional<String> sloUrl = digid.idp().singleLogoutUrl();
        Optional<Bsn> bsn = identities.bsn(realm, digidSession.identityId());
        if (sloUrl.isEmpty() || bsn.isEmpty()) {
            log.info("DigiD logout in realm {}: local session ended; {}", realm,
                    sloUrl.isEmpty() ? "the IdP metadata names no HTTP-POST SingleLogoutService" : "identity gone");
            return signedOut(realm, session);
        }
        SignedMessage logoutRequest = new LogoutRequestFactory(clock, random, digid.spEntityId(),
                digid.credentials().signing()).create(sloUrl.get(), digid.settings().sector(), bsn.get(),
                digidSession.sessionIndex());
        byte[] relay = new byte[32];
        random.nextBytes(relay);
        String relayState = Base64.getUrlEncoder().withoutPadding().encodeToString(relay);
        request.getSession().setAttribute(PendingDigidLogout.attribute(realm, relayState),
                new PendingDigidLogout(realm, logoutRequest.id(), clock.instant()));
        model.addAttribute("sloUrl", sloUrl.get());
        model.addAttribute("messageName", "SAMLRequest");
        model.addAttribute("samlMessage", Base64.getEncoder().encodeToString(logoutRequest.xml()));
        model.addAttribute("relayState", relayState);
        // The page holds the BSN (base64 in a hidden field): keep it out of every cache.
        response.setHeader("Cache-Control", "no-store");
        log.info("DigiD logout in realm {}: local session of federated identity {} ended, LogoutRequest sent by POST",
                realm, digidSession.identityId());
        return "digid/logout-post";
    }

    /** Nothing (more) to tell DigiD: on to the relying party's validated target, or our signed-out page. */
    private Object signedOut(String realm, HttpSession session) {
        return PostLogoutRedirect.take(session, realm).<Object>map(RealmPages::seeOther).orElse("digid/signed-out");
    }

    private DigidRealm digid(String realm) {
        if (!realms.offersDigid(realm)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return realms.find(realm).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
