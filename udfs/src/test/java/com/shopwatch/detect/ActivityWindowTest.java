package com.shopwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActivityWindowTest {
    private static final long MIN = 60_000L;
    private static final long WINDOW = 10 * MIN;
    private static final long BUCKET = ActivityWindow.bucketFor(WINDOW);

    @Test
    void thePeakIsTheBusiestWindowContainingTheEventEvenWhenEventsArriveOutOfOrder() {
        ActivityWindow w = new ActivityWindow();
        // 5 events at minute 0..4, then one at minute 12 arriving first (out of order).
        w.add(12 * MIN, BUCKET, 1);
        for (int i = 4; i >= 0; i--) {
            w.add(i * MIN, BUCKET, 1);
        }
        assertThat(w.peak(0, WINDOW, BUCKET).count()).isEqualTo(5);
        // Minute 12 shares a 10-minute window with minutes 3 and 4 at most.
        assertThat(w.peak(12 * MIN, WINDOW, BUCKET).count()).isEqualTo(3);
        ActivityWindow.Peak p = w.peak(4 * MIN, WINDOW, BUCKET);
        assertThat(p.end() - p.start()).isEqualTo(WINDOW);
        assertThat(p.start()).isLessThanOrEqualTo(0);
    }

    @Test
    void anEpisodeLastsWhileOverLimitEventsKeepComingWithinAWindow() {
        ActivityWindow w = new ActivityWindow();
        assertThat(w.startsEpisode(0, WINDOW)).isTrue();
        assertThat(w.startsEpisode(5 * MIN, WINDOW)).isFalse();
        assertThat(w.startsEpisode(14 * MIN, WINDOW)).isFalse();   // within a window of the last one
        assertThat(w.startsEpisode(2 * MIN, WINDOW)).isFalse();    // out of order, inside the episode
        assertThat(w.startsEpisode(25 * MIN, WINDOW)).isTrue();    // a quiet window passed: new burst
    }

    @Test
    void expiryDropsOldBucketsAndReportsEmptiness() {
        ActivityWindow w = new ActivityWindow();
        w.add(0, BUCKET, 2);
        w.add(20 * MIN, BUCKET, 1);
        w.startsEpisode(0, WINDOW);
        assertThat(w.expire(MIN)).isFalse();
        assertThat(w.peak(0, WINDOW, BUCKET).count()).isZero();
        assertThat(w.lastOverLimit).isEqualTo(Long.MIN_VALUE);
        assertThat(w.expire(30 * MIN)).isTrue();
    }

    @Test
    void evidenceKeepsTheNewestDistinctItems() {
        ActivityWindow w = new ActivityWindow();
        for (int i = 0; i < 15; i++) {
            w.remember("L" + i);
        }
        w.remember("L14");
        assertThat(w.recent).hasSize(ActivityWindow.RECENT).startsWith("L5").endsWith("L14");
    }
}
