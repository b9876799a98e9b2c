package com.shopwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventTimeTimersTest {
    private static List<String> fire(EventTimeTimers timers, long watermark) throws Exception {
        List<String> fired = new ArrayList<>();
        timers.fireUpTo(watermark, (key, time) -> fired.add(key + "@" + time));
        return fired;
    }

    /** Timers set in the order given, each as {@code key@time}. */
    private static EventTimeTimers timersSet(String... keyAtTime) {
        EventTimeTimers timers = new EventTimeTimers();
        for (String t : keyAtTime) {
            timers.register(t.substring(0, t.indexOf('@')), time(t));
        }
        return timers;
    }

    @Test
    void timersFireOnceTheWatermarkReachesThemEarliestFirstAndKeysOfOneInstantInTheOrderSet() throws Exception {
        EventTimeTimers timers = timersSet("b@20", "a@10", "c@20", "a@20", "z@30");
        assertThat(timers.size()).isEqualTo(5);
        assertThat(fire(timers, 9)).isEmpty();
        assertThat(fire(timers, 20)).containsExactly("a@10", "b@20", "c@20", "a@20");
        assertThat(timers.size()).isEqualTo(1);
        assertThat(fire(timers, Long.MAX_VALUE)).containsExactly("z@30");
        assertThat(timers.size()).isZero();
    }

    @Test
    void aKeyHasOneTimerPerInstantHoweverOftenItIsSet() throws Exception {
        EventTimeTimers timers = new EventTimeTimers();
        for (int i = 0; i < 3; i++) {
            timers.register("k", 5);
            timers.register("j", 5);
        }
        assertThat(timers.size()).isEqualTo(2);
        assertThat(timers.keysAt(5)).containsExactly("k", "j");
        assertThat(fire(timers, 5)).containsExactly("k@5", "j@5");
    }

    /**
     * A clean-up instant gathers thousands of keys, set again and again: each must stay once, in
     * the order first set, past the point where the bucket starts indexing its keys and through
     * its growth; keys whose hash codes are equal ("Aa" and "BB" hash alike) must stay apart.
     */
    @Test
    void anInstantOfThousandsOfKeysKeepsEachOnceInTheOrderFirstSet() throws Exception {
        Random random = new Random(7);
        EventTimeTimers timers = new EventTimeTimers();
        java.util.LinkedHashSet<String> model = new java.util.LinkedHashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String key = random.nextInt(5) == 0 ? (random.nextBoolean() ? "Aa" : "BB") + (random.nextBoolean() ? "Aa" : "BB")
                    : "img-" + random.nextInt(6_000);
            timers.register(key, 60_000);
            model.add(key);
            if (i % 997 == 0) {
                assertThat(timers.keysAt(60_000)).containsExactlyElementsOf(model);
            }
        }
        assertThat(timers.size()).isEqualTo(model.size());
        List<String> fired = new ArrayList<>();
        timers.fireUpTo(60_000, (key, time) -> fired.add(key));
        assertThat(fired).containsExactlyElementsOf(model);
        assertThat(timers.size()).isZero();
    }

    @Test
    void aTimerSetWhileFiringFiresInTheSameCallWhenTheWatermarkHasPassedIt() throws Exception {
        EventTimeTimers timers = new EventTimeTimers();
        timers.register("a", 10);
        List<String> fired = new ArrayList<>();
        timers.fireUpTo(100, (key, time) -> {
            fired.add(key + "@" + time);
            if (fired.size() == 1) {
                timers.register("a", 10);   // the instant firing: a timer of its own, after this one
                timers.register("b", 50);   // passed by the watermark: fires now
                timers.register("c", 500);  // not yet
            }
        });
        assertThat(fired).containsExactly("a@10", "a@10", "b@50");
        assertThat(timers.size()).isEqualTo(1);
        assertThat(timers.keysAt(500)).containsExactly("c");
    }

    @Test
    void aSnapshotRestoresTheSameTimersInTheSameOrderOrTheKeysAskedFor() throws Exception {
        EventTimeTimers timers = timersSet("x@7", "y@3", "w@7", "v@7");
        EventTimeTimers.Snapshot s = timers.snapshot();
        assertThat(s.times).containsExactly(3, 7);
        assertThat(s.counts).containsExactly(1, 3);
        assertThat(s.keys).containsExactly("y", "x", "w", "v");

        EventTimeTimers whole = new EventTimeTimers();
        whole.restore(s, k -> true);
        assertThat(fire(whole, 10)).isEqualTo(fire(timers, 10));

        EventTimeTimers part = new EventTimeTimers();
        part.restore(s, k -> !k.equals("w"));
        assertThat(fire(part, 10)).containsExactly("y@3", "x@7", "v@7");
    }

    @Test
    void aSnapshotWhoseColumnsDoNotFitIsRefusedWithTheReason() {
        EventTimeTimers.Snapshot s = new EventTimeTimers.Snapshot();
        s.times = new long[] {1, 2};
        s.counts = new int[] {1, 1};
        s.keys = new String[] {"only-one"};
        assertThatThrownBy(() -> new EventTimeTimers().restore(s, k -> true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("counts add up to 2 keys, the table has 1");
        s.counts = new int[] {1};
        assertThatThrownBy(() -> new EventTimeTimers().restore(s, k -> true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("of one length");
    }

    /**
     * Against a plain model of Flink's contract (one timer per key and instant; time order, then
     * the order first set), over random registrations, firings and restores.
     */
    @Test
    void firesAsTheModelOfFlinksTimerContractDoesOnRandomSchedules() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            EventTimeTimers timers = new EventTimeTimers();
            Map<String, Long> model = new LinkedHashMap<>(); // "key@time" -> order first set
            long seq = 0;
            long watermark = Long.MIN_VALUE;
            List<String> fired = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int step = 0; step < 300; step++) {
                int what = random.nextInt(10);
                if (what < 7) {
                    String key = "k" + random.nextInt(12);
                    // mostly ahead of the watermark, some behind it (they fire at the next one)
                    long time = (watermark == Long.MIN_VALUE ? 0 : watermark) - 4 + random.nextInt(24);
                    timers.register(key, time);
                    model.putIfAbsent(key + "@" + time, seq++);
                } else if (what < 9) {
                    watermark = (watermark == Long.MIN_VALUE ? 0 : watermark) + random.nextInt(8);
                    timers.fireUpTo(watermark, (key, time) -> fired.add(key + "@" + time));
                    long w = watermark;
                    List<Map.Entry<String, Long>> due = new ArrayList<>(model.entrySet().stream()
                            .filter(e -> time(e.getKey()) <= w).toList());
                    due.sort(Comparator.<Map.Entry<String, Long>>comparingLong(e -> time(e.getKey()))
                            .thenComparingLong(Map.Entry::getValue));
                    for (Map.Entry<String, Long> e : due) {
                        expected.add(e.getKey());
                        model.remove(e.getKey());
                    }
                } else {
                    EventTimeTimers restored = new EventTimeTimers();
                    restored.restore(timers.snapshot(), k -> true);
                    timers = restored;
                }
                assertThat(timers.size()).isEqualTo(model.size());
            }
            assertThat(fired).as("round %d", round).isEqualTo(expected);
        }
    }

    private static long time(String keyAtTime) {
        return Long.parseLong(keyAtTime.substring(keyAtTime.indexOf('@') + 1));
    }
}
