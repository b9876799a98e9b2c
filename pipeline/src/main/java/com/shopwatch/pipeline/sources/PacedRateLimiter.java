package com.shopwatch.pipeline.sources;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;

/**
 * Paces a source reader at a steady rate, waking it at most once per millisecond.
 *
 * <p>Flink's {@code RateLimiterStrategy.perSecond} hands every single permit to an executor
 * thread and back ({@code CompletableFuture.runAsync} around a blocking Guava limiter): at 3 000
 * events/s per reader that was two thread wake-ups per event, and with the limiter's own thread
 * ~6 % of the CPU of a paced latency run. Here a permit that is already due is granted at once;
 * one that is not is granted when a shared scheduler thread completes it, on the next whole
 * millisecond, when the permits due meanwhile are granted together.
 *
 * <p>Like Guava's limiter (one second of bursting), a reader held up (back pressure, a
 * checkpoint) may catch up by at most one second's worth of permits, never more.
 */
public final class PacedRateLimiter<S extends SourceSplit> implements RateLimiter<S> {
    private static final CompletableFuture<Void> GRANTED = CompletableFuture.completedFuture(null);
    private static final long MILLI = 1_000_000L;
    private static final long CATCH_UP_NANOS = 1_000 * MILLI;

    private final double nanosPerPermit;
    private final LongSupplier nanoClock;
    private final Wakeups wakeups;
    /** When the next permit is due (on {@link #nanoClock}); NaN before the first. */
    private double nextDue = Double.NaN;

    PacedRateLimiter(double permitsPerSecond, LongSupplier nanoClock, Wakeups wakeups) {
        if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("a paced rate must be a positive number of permits per second, got " + permitsPerSecond);
        }
        this.nanosPerPermit = 1e9 / permitsPerSecond;
        this.nanoClock = nanoClock;
        this.wakeups = wakeups;
    }

    /** {@code eventsPerSecond} in all, split evenly between the source's readers (as Flink's perSecond does). */
    public static <S extends SourceSplit> RateLimiterStrategy<S> perSecond(double eventsPerSecond) {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("a paced rate must be a positive number of events per second, got " + eventsPerSecond);
        }
        return parallelism -> new PacedRateLimiter<>(eventsPerSecond / parallelism, System::nanoTime, Wakeups.SHARED);
    }

    @Override
    public CompletionStage<Void> acquire(int permits) {
        long now = nanoClock.getAsLong();
        if (Double.isNaN(nextDue) || nextDue < now - CATCH_UP_NANOS) {
            nextDue = Double.isNaN(nextDue) ? now : now - CATCH_UP_NANOS;
        }
        double due = nextDue;
        nextDue += permits * nanosPerPermit;
        if (due <= now) {
            return GRANTED;
        }
        // Round the wait up to whole milliseconds: the permits due before the wake-up are granted
        // at once when asked for, so a reader wakes at most once per millisecond.
        long waitMillis = (long) Math.ceil((due - now) / MILLI);
        CompletableFuture<Void> granted = new CompletableFuture<>();
        wakeups.after(waitMillis, () -> granted.complete(null));
        return granted;
    }

    /** Runs a task after a delay. */
    interface Wakeups {
        void after(long millis, Runnable task);

        /** One daemon thread for every paced reader in the JVM: it only completes futures. */
        Wakeups SHARED = new Wakeups() {
            private final ScheduledExecutorService scheduler = create();

            @Override
            public void after(long millis, Runnable task) {
                scheduler.schedule(task, millis, TimeUnit.MILLISECONDS);
            }

            private static ScheduledExecutorService create() {
                ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
                    Thread t = new Thread(r, "shopwatch-paced-source-wakeups");
                    t.setDaemon(true);
                    return t;
                });
                s.setRemoveOnCancelPolicy(true);
                return s;
            }
        };
    }
}
