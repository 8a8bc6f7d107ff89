package nl.toegang.federation.upstream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import nl.toegang.audit.AuditLog;
import nl.toegang.federation.digid.UpstreamLinks;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.UpstreamSettings;
import nl.toegang.session.RealmLogout;
import nl.toegang.session.RealmSignIn;
import nl.toegang.session.SessionIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Linking an upstream identity to an email account from the account console ({@code linking: console},
 * docs/upstream.md "Linking policy"; for eIDAS, docs/eidas.md "Linking"). Never by name, date of birth or email
 * claim: the person signs in to both, the account first (the console, with a recent sign-in), then the provider, in
 * the same browser session. The console {@linkplain #begin begins}; the provider's answer is checked by
 * {@link #finish} in the order of its numbered steps, each refusal changing nothing.
 */
@Component
public class ConsoleLinking {
    private static final Logger log = LoggerFactory.getLogger(ConsoleLinking.class);
    /** A person who takes longer than this between the console and the provider's answer starts again. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);

    private final UpstreamLinks links;
    private final AuditLog audit;
    private final SecureRandom random;
    private final Clock clock;

    ConsoleLinking(UpstreamLinks links, AuditLog audit, SecureRandom random, Clock clock) {
        this.links = links;
        this.audit = audit;
        this.random = random;
        this.clock = clock;
    }

    /** Whether the realm file lets people link this upstream from the console. */
    public static boolean allowed(UpstreamSettings settings) {
        return settings.linking() == UpstreamSettings.Linking.CONSOLE;
    }

    /**
     * Remembers, in this browser's session, that the console's signed-in account {@code accountId} asked to link
     * {@code upstream}, and returns the path that starts the login at the provider. The caller has checked the
     * console login (email account, recent sign-in) and the CSRF token.
     */
    public String begin(RealmDefinition realm, UpstreamSettings upstream, String accountId,
                        HttpServletRequest request) {
        if (!allowed(upstream)) {
            throw new IllegalArgumentException("upstream '" + upstream.id() + "' does not allow console linking");
        }
        byte[] value = new byte[32];
        random.nextBytes(value);
        HttpSession session = request.getSession();
        session.setAttribute(PendingConsoleLink.attribute(realm.name()), new PendingConsoleLink(
                Base64.getUrlEncoder().withoutPadding().encodeToString(value), realm.name(), upstream.id(), accountId,
                SessionIds.sid(session.getId()), clock.instant()));
        return request.getContextPath() + "/realms/" + realm.name() + "/upstream/" + upstream.id() + "/link";
    }

    /** The pending link this browser may start the provider's login for now (not used up by asking). */
    Optional<PendingConsoleLink> startable(RealmDefinition realm, UpstreamSettings upstream, HttpSession session) {
        if (session == null || !(session.getAttribute(PendingConsoleLink.attribute(realm.name()))
                instanceof PendingConsoleLink pending) || !pending.upstream().equals(upstream.id())
                || !allowed(upstream) || expired(pending)) {
            return Optional.empty();
        }
        return Optional.of(pending);
    }

    /**
     * A console-link login of {@code upstream} that did not sign the person in (cancelled, level, failed): the
     * pending link is used up; true when there was one, so the person goes back to the console, not a client.
     */
    boolean abandon(String realm, UpstreamSettings upstream, HttpSession session) {
        if (session == null || !(session.getAttribute(PendingConsoleLink.attribute(realm))
                instanceof PendingConsoleLink pending) || !pending.upstream().equals(upstream.id())) {
            return false;
        }
        session.removeAttribute(PendingConsoleLink.attribute(realm));
        audit.event(realm, "upstream-link", "failure").account(pending.accountId()).reason(upstream.id()).record();
        return true;
    }

    /** How a console link ended; {@code notice} is the message key the console shows. */
    sealed interface Outcome {
        String notice();

        record Linked(String notice) implements Outcome {
        }

        record Refused(String notice) implements Outcome {
        }
    }

    /**
     * The provider signed in {@code identityId} in a login started for console link {@code linkId}: makes the link,
     * or refuses it and changes nothing.
     */
    Outcome finish(RealmDefinition realm, UpstreamSettings upstream, String linkId, String identityId,
                   HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String attribute = PendingConsoleLink.attribute(realm.name());
        // 1. The link was asked in this browser's session and this login was started for it; used up at once.
        Object stored = session == null ? null : session.getAttribute(attribute);
        if (!(stored instanceof PendingConsoleLink pending) || !pending.id().equals(linkId)
                || !pending.upstream().equals(upstream.id())) {
            return refused(realm.name(), upstream, null, "no pending console link of this session for this login",
                    "account.links.linkFailed");
        }
        session.removeAttribute(attribute);
        // 2. Within its lifetime, and the realm file still allows console linking of this upstream.
        if (expired(pending)) {
            return refused(realm.name(), upstream, pending.accountId(), "expired", "account.links.linkExpired");
        }
        if (!allowed(upstream)) {
            return refused(realm.name(), upstream, pending.accountId(), "console linking no longer allowed",
                    "account.links.linkFailed");
        }
        // 3. The same realm session as when it was asked (a sign-in since changes the sid), still the same account.
        Optional<Authentication> current = RealmLogout.current(realm.name());
        boolean sameAccount = current.map(a -> a.getName().equals(pending.accountId())
                && a.getAuthorities().stream().noneMatch(g -> RealmSignIn.FEDERATED_AUTHORITY.equals(g.getAuthority())))
                .orElse(false);
        if (!sameAccount || !SessionIds.sid(session.getId()).equals(pending.sid())) {
            return refused(realm.name(), upstream, pending.accountId(), "the realm session is no longer the one the"
                    + " link was asked in", "account.links.linkFailed");
        }
        // 4. The identity is not linked yet: a link is never moved from one account to another.
        Optional<String> linked = links.linkedAccount(realm.name(), identityId);
        if (linked.isPresent()) {
            boolean ours = linked.get().equals(pending.accountId());
            return refused(realm.name(), upstream, pending.accountId(), ours ? "already linked to this account"
                    : "the identity is linked to another account", ours ? "account.links.alreadyLinked"
                    : "account.links.linkedElsewhere");
        }
        // 5. The account has no identity of this provider yet (one per provider, so the console can show it).
        if (links.linksOf(realm.name(), pending.accountId()).stream().anyMatch(l -> l.upstream().equals(
                upstream.id()))) {
            return refused(realm.name(), upstream, pending.accountId(), "the account is linked to another identity"
                    + " of this provider", "account.links.accountHasLink");
        }
        // 6. The link.
        if (!links.link(realm.name(), identityId, upstream.id(), pending.accountId())) {
            return refused(realm.name(), upstream, pending.accountId(), "the link could not be stored",
                    "account.links.linkFailed");
        }
        audit.event(realm.name(), "upstream-link", "success").account(pending.accountId()).reason(upstream.id())
                .record();
        log.info("Upstream '{}' identity {} in realm {}: linked to an account from the console", upstream.id(),
                identityId, realm.name());
        return new Outcome.Linked("account.links.linked");
    }

    private Outcome refused(String realm, UpstreamSettings upstream, String accountId, String reason,
                            String notice) {
        log.info("Console link of upstream '{}' in realm {} refused: {}", upstream.id(), realm, reason);
        if (accountId != null) {
            audit.event(realm, "upstream-link", "failure").account(accountId).reason(upstream.id()).record();
        }
        return new Outcome.Refused(notice);
    }

    private boolean expired(PendingConsoleLink pending) {
        return pending.createdAt().plus(LIFETIME).isBefore(clock.instant());
    }
}
