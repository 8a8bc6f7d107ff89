package nl.toegang.federation.digid;

import nl.toegang.federation.http.BoundedBody;
import nl.toegang.saml.DigidIdp;
import nl.toegang.saml.IdpEndpointRule;
import nl.toegang.saml.ArtifactResolveMessage;
import nl.toegang.saml.SamlReason;
import nl.toegang.saml.SamlValidationException;
import nl.toegang.saml.xml.SecureXmlParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends a signed ArtifactResolve to the IdP's artifact resolution service over mutual TLS: our TLS client key and
 * certificate, and trust in exactly the realm's {@code idpTlsTrust} certificates (or the JDK trust store when the
 * realm names none).
 *
 * <p>Guarantees: nothing is sent to an address the {@link IdpEndpointRule} refuses (plain http); at most
 * {@link #MAX_ANSWER_BYTES} of the answer are read (a larger Content-Length is refused before reading, a longer body
 * is cut off at the limit); and the whole exchange ends within the deadline, so a slow-drip answer cannot hold the
 * thread of the person waiting at our ACS.
 */
public final class ArtifactResolutionClient {
    private static final Logger log = LoggerFactory.getLogger(ArtifactResolutionClient.class);
    /** The same limit the SAML parser applies; reading more than it would accept is wasted memory. */
    public static final int MAX_ANSWER_BYTES = SecureXmlParser.DEFAULT_MAX_BYTES;
    /** Connecting, and waiting for the answer's headers. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Connecting, sending and reading the whole answer. */
    public static final Duration DEADLINE = Duration.ofSeconds(20);

    private final HttpClient http;
    private final IdpEndpointRule rule;
    private final Duration deadline;

    public ArtifactResolutionClient(SpCredentials credentials, DigidIdp idp, IdpEndpointRule rule,
                                    SecureRandom random) {
        this(credentials, idp, rule, random, DEADLINE);
    }

    /** @param deadline for the whole exchange; shorter in tests so a slow-drip answer does not take 20 s */
    ArtifactResolutionClient(SpCredentials credentials, DigidIdp idp, IdpEndpointRule rule, SecureRandom random,
                             Duration deadline) {
        this.rule = rule;
        this.deadline = deadline;
        this.http = HttpClient.newBuilder()
                .sslContext(sslContext(credentials, idp, random))
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * @return the SOAP response body
     * @throws SamlValidationException {@link SamlReason#INSECURE_ENDPOINT} for a refused address (nothing sent),
     *                                 {@link SamlReason#INPUT_TOO_LARGE} for an answer over the limit
     * @throws IOException             when the exchange fails, the status is not 200 or the deadline passes
     */
    public byte[] resolve(String url, ArtifactResolveMessage message) throws IOException {
        var insecure = rule.problem(url);
        if (insecure.isPresent()) {
            // Defence in depth: the realm file check refuses such metadata at startup already.
            log.warn("Artifact resolution refused, nothing sent: {}", insecure.get());
            throw new SamlValidationException(SamlReason.INSECURE_ENDPOINT, insecure.get());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", "http://www.oasis-open.org/committees/security")
                .POST(HttpRequest.BodyPublishers.ofByteArray(message.soapEnvelope()))
                .build();
        AtomicReference<BoundedBody> body = new AtomicReference<>(); // set on the client's thread, read on ours
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, info -> {
            body.set(bodyFor(info));
            return body.get();
        });
        try {
            return exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS).body();
        } catch (TimeoutException e) {
            if (body.get() != null) {
                body.get().abort();
            }
            exchange.cancel(true);
            log.warn("Artifact resolution answer not complete within {} s; connection closed", deadline.toSeconds());
            throw new IOException("artifact resolution answer not complete within " + deadline.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SamlValidationException refused) {
                log.warn("Artifact resolution answer refused: {}", refused.getMessage());
                throw refused;
            }
            throw cause instanceof IOException io ? io : new IOException(cause);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Decides from status and headers alone, before a byte of the body is read. */
    /** The refusal for an answer that says or turns out to be larger than the limit. */
    private static SamlValidationException tooLarge() {
        return new SamlValidationException(SamlReason.INPUT_TOO_LARGE,
                "artifact resolution answer is larger than " + MAX_ANSWER_BYTES + " bytes; not read further");
    }

    private static BoundedBody bodyFor(HttpResponse.ResponseInfo info) {
        if (info.statusCode() != 200) {
            return BoundedBody.refused(new IOException("artifact resolution service answered HTTP "
                    + info.statusCode()));
        }
        OptionalLong length = info.headers().firstValueAsLong("Content-Length");
        if (length.isPresent() && length.getAsLong() > MAX_ANSWER_BYTES) {
            return BoundedBody.refused(tooLarge());
        }
        return new BoundedBody(MAX_ANSWER_BYTES, ArtifactResolutionClient::tooLarge);
    }

    private static SSLContext sslContext(SpCredentials credentials, DigidIdp idp, SecureRandom random) {
        try {
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", credentials.tlsKey(), password,
                    credentials.tlsChain().toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (!idp.tlsTrust().isEmpty()) {
                // Only these: a PKIoverheid private root (or the pinned server certificate) and nothing from the JDK.
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                for (int i = 0; i < idp.tlsTrust().size(); i++) {
                    trust.setCertificateEntry("idp-" + i, idp.tlsTrust().get(i));
                }
                tmf.init(trust);
            } else {
                tmf.init((KeyStore) null);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), random);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up mutual TLS for the artifact resolution service", e);
        }
    }
}
