package com.shopwatch.pipeline.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.junit.jupiter.api.Test;

class PacedRateLimiterTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    /** The waits asked for, in milliseconds (on the test's clock, nothing is ever woken). */
    private final List<Long> waits = new ArrayList<>();

    private PacedRateLimiter<SourceSplit> limiter(double perSecond) {
        return new PacedRateLimiter<>(perSecond, clock::get, (millis, task) -> waits.add(millis));
    }

    /** How many permits in a row are granted at once at the clock's current time. */
    private static int grantedAtOnce(RateLimiter<SourceSplit> limiter, List<CompletableFuture<Void>> waiting) {
        int n = 0;
        while (true) {
            CompletableFuture<Void> f = limiter.acquire(1).toCompletableFuture();
            if (!f.isDone()) {
                waiting.add(f);
                return n;
            }
            n++;
        }
    }

    @Test
    void grantsThePermitsDueByNowAtOnceAndTheNextOneLater() {
        PacedRateLimiter<SourceSplit> limiter = limiter(1_000); // one per millisecond
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        assertThat(grantedAtOnce(limiter, waiting)).isEqualTo(1);
        clock.addAndGet(10 * MS);
        // The permit that waited (due at +1 ms) was taken; +2 ... +10 ms are due now, +11 ms is not.
        assertThat(grantedAtOnce(limiter, waiting)).isEqualTo(9);
        clock.addAndGet(MS / 2);
        assertThat(grantedAtOnce(limiter, waiting)).isZero();
        assertThat(waiting).hasSize(3);
        // Due in 1, 1 and 1.5 ms: the waits round up to whole milliseconds.
        assertThat(waits).containsExactly(1L, 1L, 2L);
    }

    @Test
    void keepsTheRateOverTime() {
        PacedRateLimiter<SourceSplit> limiter = limiter(3_000);
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        int granted = 0;
        for (int ms = 0; ms < 2_000; ms++) {
            granted += grantedAtOnce(limiter, waiting) + 1; // the waiting one is granted at its wake-up
            clock.addAndGet(MS);
        }
        assertThat(granted).isBetween(5_998, 6_002);
    }

    @Test
    void aReaderHeldUpCatchesUpByAtMostOneSecondOfPermits() {
        PacedRateLimiter<SourceSplit> limiter = limiter(1_000);
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        grantedAtOnce(limiter, waiting);
        clock.addAndGet(60_000 * MS); // a minute of back pressure
        assertThat(grantedAtOnce(limiter, waiting)).isBetween(1_000, 1_001);
    }

    @Test
    void aPermitNotDueIsGrantedByTheSchedulerWhenDue() throws Exception {
        PacedRateLimiter<SourceSplit> limiter = new PacedRateLimiter<>(4, System::nanoTime, PacedRateLimiter.Wakeups.SHARED); // 250 ms apart
        assertThat(limiter.acquire(1).toCompletableFuture()).isDone();
        long from = System.nanoTime();
        CompletableFuture<Void> next = limiter.acquire(1).toCompletableFuture();
        assertThat(next).isNotDone();
        next.get(5, TimeUnit.SECONDS);
        assertThat(System.nanoTime() - from).isGreaterThanOrEqualTo(200 * MS);
    }

    @Test
    void splitsTheRateBetweenReadersAndRejectsNonsense() {
        // 8 events/s over 4 readers: 2 each, 500 ms apart.
        RateLimiter<SourceSplit> reader = PacedRateLimiter.<SourceSplit>perSecond(8).createRateLimiter(4);
        assertThat(reader.acquire(1).toCompletableFuture()).isDone();
        assertThat(reader.acquire(1).toCompletableFuture()).isNotDone();
        assertThatThrownBy(() -> PacedRateLimiter.perSecond(0)).hasMessageContaining("positive").hasMessageContaining("0.0");
        assertThatThrownBy(() -> PacedRateLimiter.perSecond(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> PacedRateLimiter.perSecond(Double.POSITIVE_INFINITY)).hasMessageContaining("Infinity");
    }
}
