package nl.toegang.federation.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * A response body read to at most {@code limit} bytes: one byte more and the exchange is cancelled (the connection
 * closed), so an IdP or provider, or whoever answers in its name, cannot make us buffer more than the limit. One per
 * exchange. Shared by every back channel of the federation module (DigiD's artifact resolution, the upstreams').
 */
public final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final Supplier<? extends Throwable> tooLarge;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private Flow.Subscription subscription;
    private volatile boolean aborted;

    /** @param tooLarge the failure for an answer that turns out to be larger than {@code limit} */
    public BoundedBody(int limit, Supplier<? extends Throwable> tooLarge) {
        this.limit = limit;
        this.tooLarge = tooLarge;
    }

    /** A body that is not read at all: it fails with {@code failure} as soon as the exchange offers it. */
    public static BoundedBody refused(Throwable failure) {
        BoundedBody body = new BoundedBody(0, () -> failure);
        body.result.completeExceptionally(failure);
        return body;
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
                result.completeExceptionally(tooLarge.get());
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
    public synchronized void abort() {
        aborted = true;
        if (subscription != null) {
            subscription.cancel();
        }
    }
}
