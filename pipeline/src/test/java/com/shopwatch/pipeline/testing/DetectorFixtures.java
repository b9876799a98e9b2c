package com.shopwatch.pipeline.testing;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.EventType;
import com.shopwatch.pipeline.detectors.PolicyAwareDetector;
import com.shopwatch.pipeline.policies.PolicyBroadcast;
import com.shopwatch.policy.PolicyUpdate;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/**
 * Packs with small, readable detector thresholds (global, and a stricter SG), events built
 * field by field, and Flink's keyed broadcast harness around a detector.
 */
public final class DetectorFixtures {
    private DetectorFixtures() {}

    public static final long MIN = 60_000L;
    public static final long DAY = 86_400_000L;
    /** 2026-11-24T00:00:00Z: event times in tests are offsets from here. */
    public static final long T0 = 1_795_478_400_000L;
    public static final Duration LATENESS = Duration.ofMinutes(1);
    public static final Duration TTL = Duration.ofDays(7);

    public static final String GLOBAL = """
            pack: global
            version: "1"
            params:
              fx_usd: {USD: 1.0, SGD: 0.74, MYR: 0.21}
            detectors:
              seller_velocity: {window: 10m, max_listings: 5, max_videos: 4, new_account_days: 30, new_account_max_listings: 3}
              duplicate_content: {window: 1h, min_sellers: 3}
              report_storm: {window: 30m, min_reporters: 4}
              price_anomaly: {window: 6h, max_ratio: 0.1, min_samples: 10}
              new_account_high_value: {max_account_age_days: 7, min_price_usd: 1000}
              emerging_terms: {window: 5m, min_count: 5, min_lift: 3, warmup_windows: 2, baseline_alpha: 0.5}
            rules: []
            """;

    public static final String SG = """
            pack: SG
            version: "1"
            detectors:
              seller_velocity: {max_listings: 3}
              duplicate_content: {min_sellers: 2, queue: sg-rings}
              report_storm: {min_reporters: 2, severity: critical}
              price_anomaly: {max_ratio: 0.5, min_samples: 5}
              new_account_high_value: {min_price_usd: 500}
              emerging_terms: {min_count: 3, warmup_windows: 0}
            """;

    public static Map<String, String> packs() {
        Map<String, String> m = new TreeMap<>();
        m.put("global.yaml", GLOBAL);
        m.put("sg.yaml", SG);
        return m;
    }

    /** A policy push replacing one pack, as the policy source delivers it. */
    public static PolicyUpdate push(String file, String yaml) {
        return PolicyUpdate.pack(file, yaml, "test");
    }

    public static <OUT> KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, OUT> harness(
            PolicyAwareDetector<OUT> detector, KeySelector<CommerceEvent, String> key) throws Exception {
        return StateBackends.forKeyedBroadcastProcessFunction(detector, key, Types.STRING, PolicyBroadcast.PACKS);
    }

    /** A detector for {@link RestoredRuns}; each event is sent as a copy, so runs can share their steps. */
    public static RestoredRuns.Subject<KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag>> restoredRuns(
            java.util.function.Supplier<? extends PolicyAwareDetector<ReviewFlag>> detector, KeySelector<CommerceEvent, String> key) {
        return new RestoredRuns.Subject<>() {
            @Override
            public KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> opened(
                    org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot) throws Exception {
                return RestoredRuns.openedOnRocksDb(
                        StateBackends.unopenedKeyedBroadcast(detector.get(), key, Types.STRING, PolicyBroadcast.PACKS), snapshot);
            }

            @Override
            public void send(KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> h, Object record)
                    throws Exception {
                DetectorFixtures.send(h, ((CommerceEvent) record).shallowCopy());
            }

            @Override
            public void watermark(KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ReviewFlag> h, long t)
                    throws Exception {
                DetectorFixtures.watermark(h, t);
            }

            @Override
            public String describe(Object value) {
                return RestoredRuns.flag(value);
            }
        };
    }

    /** The same harness restored from {@code snapshot} (of a harness of the same detector) and opened. */
    public static <OUT> KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, OUT> restoredHarness(
            PolicyAwareDetector<OUT> detector, KeySelector<CommerceEvent, String> key, OperatorSubtaskState snapshot)
            throws Exception {
        // built as the opened one, so its snapshots restore
        var h = StateBackends.unopenedKeyedBroadcast(detector, key, Types.STRING, PolicyBroadcast.PACKS);
        h.initializeState(snapshot);
        h.open();
        return h;
    }

    /** Sends an event with its event time as the record timestamp, as the job's sources do. */
    public static void send(KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ?> h, CommerceEvent e)
            throws Exception {
        h.processElement(e, e.eventTime);
    }

    /** Advances event time on both inputs (the policy input's watermark is unbounded in the job). */
    public static void watermark(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h, long t) throws Exception {
        h.watermark(t);
    }

    /** The detector's own event-time timers still pending (Flink's are {@code h.numEventTimeTimers()}). */
    public static int pendingOwnTimers(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
        var operator = (com.shopwatch.pipeline.detectors.HotStateDetectorOperator<?>) h.getOperator();
        return ((com.shopwatch.pipeline.detectors.PolicyAwareDetector<?>) operator.getUserFunction()).pendingTimers();
    }

    /** Keyed state entries the detector holds (all keys, all states): 0 once everything is cleaned up. */
    public static int stateEntries(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
        return StateBackends.keyedStateEntries(h);
    }

    private static int seq;

    public static CommerceEvent listing(String item, String seller, String country, long t) {
        CommerceEvent e = new CommerceEvent();
        e.eventId = "ev-" + (++seq);
        e.type = EventType.LISTING;
        e.action = EventAction.CREATED;
        e.eventTime = t;
        e.itemId = item;
        e.accountId = seller;
        e.country = country;
        e.language = "en";
        e.category = "electronics";
        e.title = "Wireless earbuds " + item;
        e.priceAmount = 50.0;
        e.priceCurrency = "USD";
        e.imageHashes = new String[] {"img-" + item};
        e.sellerCreatedAt = t - 400 * DAY;
        return e;
    }

    public static CommerceEvent video(String item, String creator, String country, long t) {
        CommerceEvent e = new CommerceEvent();
        e.eventId = "ev-" + (++seq);
        e.type = EventType.VIDEO;
        e.action = EventAction.PUBLISHED;
        e.eventTime = t;
        e.itemId = item;
        e.accountId = creator;
        e.country = country;
        e.language = "en";
        e.caption = "Unboxing " + item;
        e.hashtags = new String[] {"#unboxing"};
        return e;
    }

    public static CommerceEvent report(String video, String reporter, String country, long t) {
        CommerceEvent e = video(video, "C-1", country, t);
        e.action = EventAction.REPORTED;
        e.reporterId = reporter;
        e.reportReason = "scam";
        return e;
    }

    /**
     * Feeds a detector as a stream read in event-time order would: each event is followed by the
     * watermark (a millisecond on for one at or behind it), so detectors that judge events when the
     * watermark passes them judge each one as it is sent.
     */
    public static final class InOrderFeed {
        private final KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ?> h;
        private long watermark = Long.MIN_VALUE;

        public InOrderFeed(KeyedBroadcastOperatorTestHarness<String, CommerceEvent, PolicyUpdate, ?> h) {
            this.h = h;
        }

        public void send(CommerceEvent e) throws Exception {
            DetectorFixtures.send(h, e);
            advance(Math.max(e.eventTime, watermark + 1));
        }

        /** Moves the watermark on (never back). */
        public void advance(long t) throws Exception {
            if (t > watermark) {
                watermark = t;
                DetectorFixtures.watermark(h, t);
            }
        }
    }
}
