package nl.toegang.federation.digid;

import nl.toegang.saml.SamlReason;
import nl.toegang.saml.SamlValidationException;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read to at most {@code limit} bytes: one byte more and the exchange is cancelled (the connection
 * closed), so an IdP, or whoever answers in its name, cannot make us buffer more than the limit. One per exchange.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private Flow.Subscription subscription;
    private volatile boolean aborted;

    BoundedBody(int limit) {
        this.limit = limit;
    }

    /** A body that is not read at all: it fails with {@code failure} as soon as the exchange offers it. */
    static BoundedBody refused(Throwable failure) {
        BoundedBody body = new BoundedBody(0);
        body.result.completeExceptionally(failure);
        return body;
    }

    /** The refusal for an answer that says or turns out to be larger than {@code limit}. */
    static SamlValidationException tooLarge(int limit) {
        return new SamlValidationException(SamlReason.INPUT_TOO_LARGE,
                "artifact resolution answer is larger than " + limit + " bytes; not read further");
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (result.isDone() || aborted) {
            subscription.cancel();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (received.size() + (long) buffer.remaining() > limit) {
                result.completeExceptionally(tooLarge(limit));
                subscription.cancel();
                return;
            }
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            received.writeBytes(bytes);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public synchronized void onComplete() {
        result.complete(received.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    /** Stops reading (the deadline passed): the connection is closed rather than drained. */
    synchronized void abort() {
        aborted = true;
        if (subscription != null) {
            subscription.cancel();
        }
    }
}
