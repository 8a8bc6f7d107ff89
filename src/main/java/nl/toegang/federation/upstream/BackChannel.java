package nl.toegang.federation.upstream;

import nl.toegang.federation.http.BoundedBody;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Toegang's calls to an upstream provider (discovery, JWKS, token, userinfo), with the limits a person waiting at our
 * callback needs: https only (plain http only outside production), no redirects followed, at most
 * {@link #MAX_ANSWER_BYTES} read (a larger Content-Length is refused before reading, a longer body cut off), and the
 * whole exchange within {@link #DEADLINE}, so a slow or hostile answer cannot hold the thread.
 */
final class BackChannel {
    /** Discovery documents, key sets and token answers are a few KiB; 256 KiB is generous. */
    static final int MAX_ANSWER_BYTES = 256 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEADLINE = Duration.ofSeconds(10);

    private final HttpClient http;
    private final boolean production;
    private final Duration deadline;

    BackChannel(boolean production) {
        this(production, DEADLINE);
    }

    BackChannel(boolean production, Duration deadline) {
        this.production = production;
        this.deadline = deadline;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** An answer read in full (within the limits). */
    record Answer(int status, Optional<String> contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The media type without parameters, lower case; empty when the answer named none. */
        String mediaType() {
            return contentType.map(type -> type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT)).orElse("");
        }
    }

    /** Why {@code url} may not be called, or empty: https, or http outside production. */
    Optional<String> problem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            return Optional.of("'" + url + "' is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("'" + url + "' is not an absolute https URL");
        }
        if (scheme.equals("http") && production) {
            return Optional.of("'" + url + "' uses plain http; provider endpoints must use https in production");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("'" + url + "' has a fragment");
        }
        return Optional.empty();
    }

    Answer get(String url, Map<String, String> headers) throws IOException {
        HttpRequest.Builder request = request(url, headers).GET();
        return exchange(request.build());
    }

    Answer postForm(String url, Map<String, String> form, Map<String, String> headers) throws IOException {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = request(url, headers)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return exchange(request.build());
    }

    static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String url, Map<String, String> headers) throws IOException {
        Optional<String> refused = problem(url);
        if (refused.isPresent()) {
            throw new IOException("not called: " + refused.get());
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(deadline);
        headers.forEach(builder::header);
        return builder;
    }

    private Answer exchange(HttpRequest request) throws IOException {
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, BackChannel::limitedBody);
        try {
            HttpResponse<byte[]> response = exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type"),
                    response.body());
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new IOException(request.uri().getHost() + " did not answer within " + deadline.toSeconds() + " s");
        } catch (ExecutionException e) {
            // The JDK's connect failures often have no message: name the host and what happened.
            Throwable cause = e.getCause();
            throw new IOException(request.uri().getHost() + ":" + request.uri().getPort() + " "
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Reads at most {@link #MAX_ANSWER_BYTES}; one byte more cancels the exchange (the connection is closed). */
    private static BoundedBody limitedBody(HttpResponse.ResponseInfo info) {
        OptionalLong length = info.headers().firstValueAsLong("Content-Length");
        if (length.isPresent() && length.getAsLong() > MAX_ANSWER_BYTES) {
            return BoundedBody.refused(tooLarge());
        }
        return new BoundedBody(MAX_ANSWER_BYTES, BackChannel::tooLarge);
    }

    private static IOException tooLarge() {
        return new IOException("answer larger than " + MAX_ANSWER_BYTES + " bytes; not read further");
    }
}
