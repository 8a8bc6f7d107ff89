package nl.toegang.oidc.logout;

import nl.toegang.audit.AuditLog;
import nl.toegang.oidc.RealmClientRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Delivers due logout tokens on every node, every {@code toegang.backchannel-logout.dispatch-interval}: claims a row
 * (so no other node sends it), signs a fresh token and POSTs {@code logout_token=...} to the client's
 * {@code backchannelLogoutUri}. Sending is asynchronous with a timeout, so a hanging client delays neither the other
 * clients nor the scheduler. 200 and 204 count as delivered (spec §2.8); anything else is retried with
 * {@link RetryBackoff} and audited. Logs and audit events name realm, client and delivery id, never the token.
 */
public final class BackChannelLogoutDispatcher {
    private static final Logger log = LoggerFactory.getLogger(BackChannelLogoutDispatcher.class);
    private static final int BATCH = 50;
    private static final Duration KEEP_FINISHED = Duration.ofDays(1);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);
    private static final int MAX_ERROR_CHARS = 200;

    private final LogoutOutbox outbox;
    private final RealmClientRepository clients;
    private final LogoutTokenSigner signer;
    private final RetryBackoff backoff;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration timeout;
    /** Longer than any request can take, so a claim only lapses when its node died. */
    private final Duration claimDuration;
    private final HttpClient http;
    private final String node = UUID.randomUUID().toString();
    private Instant nextPurge = Instant.MIN;

    public BackChannelLogoutDispatcher(LogoutOutbox outbox, RealmClientRepository clients, LogoutTokenSigner signer,
                                       RetryBackoff backoff, AuditLog audit, Clock clock, Duration timeout) {
        this.outbox = outbox;
        this.clients = clients;
        this.signer = signer;
        this.backoff = backoff;
        this.audit = audit;
        this.clock = clock;
        this.timeout = timeout;
        this.claimDuration = timeout.multipliedBy(3).plusMinutes(1);
        // No redirects: the registered URL is the only place a logout token may go.
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Scheduled(fixedDelayString = "${toegang.backchannel-logout.dispatch-interval:1s}")
    public void scheduled() {
        try {
            dispatchDue();
        } catch (RuntimeException e) {
            log.warn("back-channel logout pass failed: {}", e.toString()); // e.g. database briefly unreachable
        }
    }

    /**
     * Starts delivery of every row due now and returns the in-flight sends (completed when each is recorded).
     * Safe to call on several nodes at once.
     */
    public synchronized CompletableFuture<Void> dispatchDue() {
        CompletableFuture<?>[] started = outbox.dueIds(clock.instant(), BATCH).stream()
                .map(this::claimAndSend)
                .flatMap(Optional::stream)
                .toArray(CompletableFuture[]::new);
        purgeOccasionally();
        return CompletableFuture.allOf(started);
    }

    private Optional<CompletableFuture<Void>> claimAndSend(String id) {
        Instant now = clock.instant();
        if (!outbox.claim(id, node, now, now.plus(claimDuration))) {
            return Optional.empty(); // another node has it, or it finished meanwhile
        }
        return outbox.load(id).map(this::send);
    }

    private CompletableFuture<Void> send(LogoutDelivery delivery) {
        Optional<String> uri = clients.find(delivery.realm(), delivery.clientId())
                .map(c -> c.getClientSettings()
                        .<String>getSetting(RealmClientRepository.BACKCHANNEL_LOGOUT_URI_SETTING));
        if (uri.isEmpty()) {
            outbox.abandon(delivery.id(), node, delivery.attempts(), clock.instant(),
                    "client no longer registered for back-channel logout");
            log.warn("back-channel logout {} to realm {} client {} abandoned: client no longer registered for it",
                    delivery.id(), delivery.realm(), delivery.clientId());
            return CompletableFuture.completedFuture(null);
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(uri.get()))
                    .timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("logout_token="
                            + URLEncoder.encode(signer.sign(delivery), StandardCharsets.UTF_8)))
                    .build();
        } catch (RuntimeException e) {
            failed(delivery, "cannot build the request: " + e.getClass().getSimpleName());
            return CompletableFuture.completedFuture(null);
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    try {
                        if (error != null) {
                            failed(delivery, describe(error));
                        } else if (response.statusCode() == 200 || response.statusCode() == 204) {
                            delivered(delivery);
                        } else {
                            failed(delivery, "HTTP " + response.statusCode());
                        }
                    } catch (RuntimeException e) {
                        log.warn("back-channel logout {}: recording the outcome failed: {}", delivery.id(),
                                e.toString()); // the claim lapses and the row is tried again
                    }
                    return null;
                });
    }

    private void delivered(LogoutDelivery delivery) {
        outbox.markDelivered(delivery.id(), node, clock.instant());
        log.info("back-channel logout {} delivered to realm {} client {} after {} failed attempts", delivery.id(),
                delivery.realm(), delivery.clientId(), delivery.attempts());
    }

    private void failed(LogoutDelivery delivery, String error) {
        int attempts = delivery.attempts() + 1;
        Instant now = clock.instant();
        Optional<Instant> next = backoff.nextAttempt(attempts, delivery.createdAt(), now);
        if (next.isPresent()) {
            outbox.markFailed(delivery.id(), node, attempts, next.get(), error);
            log.warn("back-channel logout {} to realm {} client {} attempt {} failed, next at {}: {}", delivery.id(),
                    delivery.realm(), delivery.clientId(), attempts, next.get(), error);
            audit.event(delivery.realm(), "backchannel-logout", "failure").client(delivery.clientId())
                    .reason("attempt " + attempts + " failed (" + error + "), retry at " + next.get()).record();
        } else {
            outbox.abandon(delivery.id(), node, attempts, now, error);
            log.error("back-channel logout {} to realm {} client {} given up after {} attempts: {}", delivery.id(),
                    delivery.realm(), delivery.clientId(), attempts, error);
            audit.event(delivery.realm(), "backchannel-logout", "failure").client(delivery.clientId())
                    .reason("given up after " + attempts + " attempts (" + error + ")").record();
        }
    }

    // Exception classes and messages only: they name hosts and timeouts, never the request body.
    private static String describe(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null && s.length() < MAX_ERROR_CHARS; t = t.getCause()) {
            if (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
                continue;
            }
            if (!s.isEmpty()) {
                s.append(" <- ");
            }
            s.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                s.append(": ").append(t.getMessage().replaceAll("\\s+", " ").strip());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return s.length() <= MAX_ERROR_CHARS ? s.toString() : s.substring(0, MAX_ERROR_CHARS);
    }

    private void purgeOccasionally() {
        Instant now = clock.instant();
        if (now.isBefore(nextPurge)) {
            return;
        }
        nextPurge = now.plus(PURGE_EVERY);
        int purged = outbox.purgeFinishedBefore(now.minus(KEEP_FINISHED));
        if (purged > 0) {
            log.info("purged {} finished back-channel logout deliveries older than {}", purged, KEEP_FINISHED);
        }
    }
}
