package com.shopwatch.pipeline.detectors;

import static com.shopwatch.pipeline.testing.DetectorFixtures.LATENESS;
import static com.shopwatch.pipeline.testing.DetectorFixtures.MIN;
import static com.shopwatch.pipeline.testing.DetectorFixtures.T0;
import static com.shopwatch.pipeline.testing.DetectorFixtures.TTL;
import static com.shopwatch.pipeline.testing.DetectorFixtures.listing;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.pipeline.testing.DetectorFixtures;
import com.shopwatch.pipeline.testing.OnBothStateBackends;
import com.shopwatch.pipeline.testing.StateBackends;
import com.shopwatch.policy.PolicyUpdate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Duplicate content's state as earlier versions wrote it still works. Up to the eleventh session
 * an image's second seller spilled every seller into the {@code ring-sellers} map; since, up to
 * {@link com.shopwatch.detect.RingSize#INLINE_SELLERS} sellers live inside the image's
 * {@code ring-size} value. The snapshots under {@code src/test/resources/snapshots/} were taken
 * with the earlier layout ({@link #writeTheEarlierLayoutSnapshots}, run on that code): restored,
 * its images must find the same rings, with the same evidence, as the same uses fed to the code
 * as it is now, and leave no state once quiet.
 */
class DuplicateContentStateLayoutTest extends OnBothStateBackends {
    static final Path SNAPSHOTS = Path.of("src/test/resources/snapshots");

    /** Sellers of the crowded image: ids of different lengths and scripts, so their serialized order is not their string order. */
    static final List<String> CROWD = List.of("S-zz", "S-ß", "S-a", "S-1000", "S-9", "S-ab", "S-Ω-long-seller-id", "S-b", "S-€",
            "S-00", "S-A");

    private static String snapshotFile() {
        return "duplicate-content-map-layout-" + StateBackends.current().name().toLowerCase() + ".snapshot";
    }

    private static KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> fresh() throws Exception {
        return DetectorFixtures.harness(new DuplicateContentDetector(DetectorFixtures.packs(), LATENESS, TTL),
                DuplicateContentDetector::key);
    }

    private static CommerceEvent use(String item, String seller, String image, long t) {
        CommerceEvent e = listing(item, seller, "MY", t);
        e.eventId = "ev-" + item + "-" + image;
        e.imageHashes = new String[] {image};
        e.title = "Rolex Submariner AAA copy";
        return e;
    }

    /** What the snapshots hold: a pair (two sellers, no ring yet), a crowd (a ring of eleven) and a sole image. */
    private static void feedBeforeSnapshot(DetectorFixtures.InOrderFeed feed) throws Exception {
        feed.send(use("L1", "S1", "pair", T0));
        feed.send(use("L2", "S2", "pair", T0 + MIN));
        for (int i = 0; i < CROWD.size(); i++) {
            feed.send(use("C" + i, CROWD.get(i), "crowd", T0 + MIN + i * 1000));
        }
        feed.send(use("L9", "S9", "solo", T0 + 2 * MIN));
        feed.advance(T0 + 3 * MIN);
    }

    /** After the snapshot: the pair's third seller, the crowd's twelfth, the sole image's second seller. */
    private static void feedAfterSnapshot(DetectorFixtures.InOrderFeed feed) throws Exception {
        feed.send(use("L3", "S3", "pair", T0 + 4 * MIN));
        feed.send(use("C99", "S-m", "crowd", T0 + 5 * MIN));
        feed.send(use("L8", "S8", "solo", T0 + 6 * MIN));
        feed.send(use("L7", "S7", "solo", T0 + 7 * MIN));
    }

    /** Run by hand on the code of the earlier layout (-Dshopwatch.write-snapshots=true) to make the fixtures. */
    @Test
    @EnabledIfSystemProperty(named = "shopwatch.write-snapshots", matches = "true")
    void writeTheEarlierLayoutSnapshots() throws Exception {
        var h = fresh();
        feedBeforeSnapshot(new DetectorFixtures.InOrderFeed(h));
        Files.createDirectories(SNAPSHOTS);
        OperatorSnapshotUtil.writeStateHandle(h.snapshot(1, 1), SNAPSHOTS.resolve(snapshotFile()).toString());
    }

    @Test
    void anImageTheEarlierLayoutSpilledToTheMapFindsTheSameRingsWithTheSameEvidence() throws Exception {
        OperatorSubtaskState earlier = OperatorSnapshotUtil.readStateHandle(SNAPSHOTS.resolve(snapshotFile()).toString());
        var restored = DetectorFixtures.restoredHarness(new DuplicateContentDetector(DetectorFixtures.packs(), LATENESS, TTL),
                DuplicateContentDetector::key, earlier);
        var restoredFeed = new DetectorFixtures.InOrderFeed(restored);
        restoredFeed.advance(T0 + 3 * MIN);
        feedAfterSnapshot(restoredFeed);

        var now = fresh();
        var nowFeed = new DetectorFixtures.InOrderFeed(now);
        feedBeforeSnapshot(nowFeed);
        now.getOutput().clear();
        feedAfterSnapshot(nowFeed);

        Map<String, ReviewFlag> fromEarlier = byItem(restored.extractOutputValues());
        Map<String, ReviewFlag> fromNow = byItem(now.extractOutputValues());
        // the pair's third seller makes a ring of three; the crowd's twelfth seller joins its ring;
        // the sole image has three sellers once its second and third come
        assertThat(fromEarlier.keySet()).containsExactly("C99", "L1", "L2", "L3", "L7", "L8", "L9");
        assertThat(fromNow.keySet()).isEqualTo(fromEarlier.keySet());
        for (String item : fromEarlier.keySet()) {
            var a = fromEarlier.get(item).evidence[0];
            var b = fromNow.get(item).evidence[0];
            assertThat(b.matchedText).as(item).isEqualTo(a.matchedText);
            assertThat(b.observed).as(item).isEqualTo(a.observed);
            if (stateBackend == StateBackends.Kind.ROCKSDB) {
                // the map's order is its serialized keys' order on RocksDB, which the inline sellers keep
                assertThat(b.related).as(item).containsExactly(a.related);
            } else if (!item.equals("C99")) {
                assertThat(b.related).as(item).containsExactlyInAnyOrder(a.related);
            } else {
                // eleven others, ten named: the heap's map named the first ten in hash order, the
                // inline sellers name them in RocksDB's order on every backend
                assertThat(b.related).as(item).filteredOn(r -> r.startsWith("C")).containsExactlyInAnyOrder(
                        java.util.Arrays.stream(a.related).filter(r -> r.startsWith("C")).toArray(String[]::new));
                assertThat(b.related).as(item).filteredOn(r -> r.startsWith("S-")).hasSize(10).isSubsetOf(CROWD);
            }
        }
        // the twelfth seller's flag names ten of the eleven others
        assertThat(fromEarlier.get("C99").evidence[0].related).filteredOn(r -> r.startsWith("S-")).hasSize(10);
        assertThat(fromEarlier.get("C99").evidence[0].observed).isEqualTo(12.0);

        for (var h : List.of(restored, now)) {
            new DetectorFixtures.InOrderFeed(h).advance(T0 + 3 * 60 * MIN);
            assertThat(DetectorFixtures.stateEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(DetectorFixtures.pendingOwnTimers(h)).isZero();
        }
    }

    private static Map<String, ReviewFlag> byItem(List<ReviewFlag> flags) {
        Map<String, ReviewFlag> m = new TreeMap<>();
        for (ReviewFlag f : new ArrayList<>(flags)) {
            assertThat(m.put(f.itemId, f)).as("one flag per item: " + f.itemId).isNull();
        }
        return m;
    }
}
