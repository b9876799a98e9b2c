package com.shopwatch.pipeline.detectors;

import com.shopwatch.detect.DetectorFlags;
import com.shopwatch.policy.DetectorKind;
import com.shopwatch.policy.DetectorParam;
import com.shopwatch.policy.DetectorSettings;
import com.shopwatch.detect.PriceSample;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.EventType;
import com.shopwatch.pipeline.policies.PolicyBroadcast;
import com.shopwatch.policy.CompiledCountryPolicy;
import com.shopwatch.model.Evidence;
import com.shopwatch.model.ReviewFlag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * A listing priced below a fraction of the rolling median price (USD) of its category × country.
 * Keyed by category × country. The median comes from bottom-k price samples ({@link PriceSample}),
 * one per time bucket (a sixth of the window), merged over the window: bounded state (8 KB per
 * bucket) whatever the traffic, mergeable, so the window slides by dropping whole buckets, and the
 * same whatever order the prices arrive in. A key's current bucket is kept in memory; each price
 * is appended to state (no read, no rewrite of the sample) and folded into the bucket's sample
 * every {@value #FOLD_AT} prices and when the bucket changes.
 *
 * <p>A listing is judged once the watermark passes its time, against the prices from before it:
 * the same history gives the same flags at any parallelism.
 *
 * <p>Warm-up: no flags until the window holds {@code min_samples} prices. A flagged price is
 * kept out of the sketch, so a wave of cheap fakes cannot drag "the market" down to itself. One
 * flag per listing while it stays under the line; a fair re-pricing ends the episode.
 */
public final class PriceAnomalyDetector extends PolicyAwareDetector<ReviewFlag> {
    private static final long serialVersionUID = 1L;

    private transient MapState<Long, byte[]> buckets;
    private transient MapState<String, Long> flaggedItems;
    private transient FlaggedItemCache flaggedCache;
    /** Held until the watermark passes their time (in memory; earlier versions kept them in keyed state of this name). */
    @Override
    protected String heldEventsName() {
        return "price-listings-waiting";
    }
    /**
     * Per key (on this subtask): the merge of the window's closed buckets, so an event merges two
     * sketches instead of every bucket. Derived from state, never checkpointed: rebuilt after a
     * restore, and whenever an event falls in another bucket than the cached one — so a late
     * update to an older bucket is seen by the next event of the newer one.
     */
    private transient ClosedBucketCache closedBuckets;
    /**
     * Prices added to a key's current bucket since it was last written to {@code buckets}: an
     * append (a RocksDB merge, no read) per listing instead of reading and rewriting the 8 KB
     * sample. Folded into {@code buckets} when the listing's bucket changes, after {@value #FOLD_AT}
     * appends, at clean-up, and when a key's cached sample is missing (after a restore). In a
     * replay ({@link #holdsOnHeap}) nothing is appended: the cached sample is written to
     * {@code buckets} at each checkpoint instead ({@link #writeBackHeld}).
     */
    private transient org.apache.flink.api.common.state.ListState<PricePoint> appends;
    /** Per key (on this subtask): its current bucket's sample, {@code buckets} plus {@code appends} (plus, in a replay, the prices held since the last checkpoint). */
    private transient OwnBucketCache ownBuckets;
    static final int FOLD_AT = 2_048;

    /** One price appended to a bucket: what {@link PriceSample#add} needs, and the bucket. */
    public static final class PricePoint {
        public long bucket;
        public double usd;
        public long identity;

        public PricePoint() {
        }

        PricePoint(long bucket, double usd, long identity) {
            this.bucket = bucket;
            this.usd = usd;
            this.identity = identity;
        }
    }

    /** A key's current bucket in memory: its sample and the appends not yet folded into it in state. */
    static final class OwnBucket {
        final long own;
        final PriceSample sample;
        /** Prices in {@code sample} not in {@code buckets}: appended to state, or (in a replay) held here alone. */
        int appended;
        /** The median of {@code sample} with {@link #medianWith}'s closed buckets, kept as prices enter the sample. */
        private ClosedBuckets medianOf;
        private PriceSample.UnionMedian median;

        OwnBucket(long own, PriceSample sample) {
            this.own = own;
            this.sample = sample;
        }

        /**
         * The median of this bucket's sample merged with {@code closed}: merged again only when the
         * closed buckets moved on; a price entering the sample moves it in place.
         */
        double medianWith(ClosedBuckets closed) {
            if (medianOf != closed) {
                median = new PriceSample.UnionMedian(closed.merged, sample);
                medianOf = closed;
            }
            return median.median();
        }

        void add(double usd, long identity) {
            if (sample.addKept(usd, identity) && median != null) {
                median.added(usd, identity);
            }
        }
    }

    /**
     * LRU by key, bounded like {@link ClosedBucketCache}. When it holds prices that are nowhere
     * else (a replay), it does not let go of the eldest itself: the detector writes them to state
     * first ({@link #writeBackHeld}).
     */
    static final class OwnBucketCache extends java.util.LinkedHashMap<String, OwnBucket> {
        private static final long serialVersionUID = 1L;
        private final boolean evicts;

        OwnBucketCache(boolean evicts) {
            super(256, 0.75f, true);
            this.evicts = evicts;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OwnBucket> eldest) {
            // an evicted key's appends stay in state; its next listing folds them
            return evicts && size() > ClosedBucketCache.MAX_KEYS;
        }
    }

    /** Keys whose current bucket a replay holds before the eldest are written to state and let go of. */
    private int heldKeys() {
        return Math.min(hotKeys(), ClosedBucketCache.MAX_KEYS);
    }

    /** In a replay: whether more than {@link #heldKeys} buckets are cached, so the eldest are due to be let go of. */
    @Override
    protected boolean heldWriteBackDue() {
        return holdsOnHeap() && ownBuckets.size() > heldKeys();
    }

    /**
     * In a replay: writes the held prices of each cached bucket to {@code buckets} (all of them
     * at a checkpoint; else the eldest keys' while more than {@link #heldKeys} are cached, which
     * are then let go of, a quarter below the bound).
     */
    @Override
    protected void writeBackHeld(java.util.function.Consumer<String> setKey, boolean all) throws Exception {
        if (!holdsOnHeap() || (!all && !heldWriteBackDue())) {
            return;
        }
        int target = heldKeys() - heldKeys() / 4;
        java.util.Iterator<Map.Entry<String, OwnBucket>> it = ownBuckets.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, OwnBucket> e = it.next();
            if (!all && ownBuckets.size() <= target) {
                return;
            }
            OwnBucket b = e.getValue();
            if (b.appended > 0) {
                setKey.accept(e.getKey());
                buckets.put(b.own, b.sample.toBytes());
                b.appended = 0;
            }
            if (!all) {
                it.remove();
            }
        }
    }

    /** The merged closed buckets {@code [first, own)} of one key. */
    static final class ClosedBuckets {
        final long own;
        final long first;
        final PriceSample merged;

        ClosedBuckets(long own, long first, PriceSample merged) {
            this.own = own;
            this.first = first;
            this.merged = merged;
        }
    }

    /** LRU by key, bounded: category × country keys are few, but a subtask must not grow without bound. */
    static final class ClosedBucketCache extends java.util.LinkedHashMap<String, ClosedBuckets> {
        private static final long serialVersionUID = 1L;
        static final int MAX_KEYS = 10_000;

        ClosedBucketCache() {
            super(256, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ClosedBuckets> eldest) {
            return size() > MAX_KEYS;
        }
    }

    public PriceAnomalyDetector(Map<String, String> defaultPacks, Duration allowedLateness, Duration stateTtl) {
        super(DetectorKind.PRICE_ANOMALY, defaultPacks, allowedLateness, stateTtl);
    }

    /** Priced listings with a category (created or re-priced). */
    public static boolean counts(CommerceEvent e) {
        return e.type == EventType.LISTING && (e.action == EventAction.CREATED || e.action == EventAction.UPDATED)
                && e.priceAmount != null && e.priceAmount > 0 && e.category != null;
    }

    public static String key(CommerceEvent e) {
        return e.category.toLowerCase(Locale.ROOT) + "|" + e.country;
    }

    static long bucketFor(long windowMs) {
        return Math.max(60_000L, windowMs / 6);
    }

    @Override
    protected void openState() throws Exception {
        // "price-samples" (was "price-sketches", KLL): a new format under a new name, so an old
        // savepoint's sketches are left behind and the market warms up again within one window
        MapStateDescriptor<Long, byte[]> b = new MapStateDescriptor<>("price-samples", Types.LONG,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        b.enableTimeToLive(ttl());
        buckets = getRuntimeContext().getMapState(b);
        MapStateDescriptor<String, Long> f = new MapStateDescriptor<>("price-flagged-items", Types.STRING, Types.LONG);
        f.enableTimeToLive(ttl());
        flaggedItems = getRuntimeContext().getMapState(f);
        org.apache.flink.api.common.state.ListStateDescriptor<PricePoint> a =
                new org.apache.flink.api.common.state.ListStateDescriptor<>("price-appends",
                        org.apache.flink.api.common.typeinfo.TypeInformation.of(PricePoint.class));
        a.enableTimeToLive(ttl());
        appends = getRuntimeContext().getListState(a);
        closedBuckets = new ClosedBucketCache();
        ownBuckets = new OwnBucketCache(!holdsOnHeap());
        flaggedCache = new FlaggedItemCache();
    }

    /**
     * The key's current bucket {@code own}, from the cache, or else from state after folding the
     * key's appends into {@code buckets} (they may belong to another bucket, or be all that a
     * restore left of the cache).
     */
    private OwnBucket ownBucket(String key, long own, long bucket, long windowMs) throws Exception {
        OwnBucket cached = ownBuckets.get(key);
        if (cached != null && cached.own == own) {
            return cached;
        }
        fold(cached);
        byte[] bytes = buckets.get(own);
        OwnBucket loaded = new OwnBucket(own, PriceSample.of(bytes));
        ownBuckets.put(key, loaded);
        if (bytes == null) {
            registerTimer(key, own + bucket + windowMs + allowedLatenessMs);
        }
        return loaded;
    }

    /**
     * Writes the current key's appends into {@code buckets} and clears them: from the cached
     * bucket when there is one (it holds them all), else by reading them.
     */
    private void fold(OwnBucket cached) throws Exception {
        if (cached != null) {
            if (cached.appended > 0) {
                buckets.put(cached.own, cached.sample.toBytes());
                if (!holdsOnHeap()) {
                    appends.clear(); // a replay appends nothing: a cached key's were folded when it was loaded
                }
                cached.appended = 0;
            }
            return;
        }
        Map<Long, PriceSample> touched = new java.util.TreeMap<>();
        for (PricePoint p : appends.get()) {
            PriceSample sample = touched.get(p.bucket);
            if (sample == null) {
                sample = PriceSample.of(buckets.get(p.bucket));
                touched.put(p.bucket, sample);
            }
            sample.add(p.usd, p.identity);
        }
        if (!touched.isEmpty()) {
            for (Map.Entry<Long, PriceSample> t : touched.entrySet()) {
                buckets.put(t.getKey(), t.getValue().toBytes());
            }
            appends.clear();
        }
    }

    @Override
    public void processElement(CommerceEvent e, ReadOnlyContext ctx, Collector<ReviewFlag> out) throws Exception {
        if (late(e, ctx)) {
            return;
        }
        // Judged when the watermark passes the listing's time, with the listings of one instant in
        // id order: the market it is measured against then holds exactly the prices from before it,
        // whichever partition they came from, so every replay judges it alike.
        holdUntilWatermark(e, ctx);
    }

    private void judge(CommerceEvent e, String key, org.apache.flink.api.common.state.ReadOnlyBroadcastState<String, String> packs,
            Collector<ReviewFlag> out) throws Exception {
        CompiledCountryPolicy policy = policy(packs, e.country);
        DetectorSettings.PriceAnomaly s = policy.detectors().priceAnomaly();
        double usd = policy.priceInUsd(e.priceAmount, e.priceCurrency);
        if (usd <= 0) {
            return; // a currency without an fx_usd rate cannot be compared
        }
        long bucket = bucketFor(s.windowMs());
        long own = Math.floorDiv(e.eventTime, bucket) * bucket;
        long first = own - (s.windowMs() / bucket - 1) * bucket;
        // first the current bucket: moving to another one folds the appends of the last into
        // state, where the closed buckets are read from
        OwnBucket current = ownBucket(key, own, bucket, s.windowMs());
        ClosedBuckets closed = closedBuckets.get(key);
        if (closed == null || closed.own != own || closed.first != first) {
            closed = new ClosedBuckets(own, first, PriceSample.empty());
            for (Map.Entry<Long, byte[]> b : buckets.entries()) {
                if (b.getKey() >= first && b.getKey() < own) {
                    closed.merged.merge(PriceSample.of(b.getValue()));
                }
            }
            closedBuckets.put(key, closed);
        }
        long count = closed.merged.count() + current.sample.count();
        double median = current.medianWith(closed);
        boolean anomalous = count >= s.minSamples() && usd < s.maxRatio() * median;
        if (anomalous) {
            if (!isFlagged(key, e.itemId) && !s.flagging().off()) {
                String window = DetectorParam.formatDuration(s.windowMs());
                Evidence ev = DetectorFlags.evidence(kind(), "price",
                        "price below " + s.maxRatio() + " × the " + window + " median of " + key.replace('|', ' ')
                                + " (after " + s.minSamples() + " prices)",
                        String.format(Locale.ROOT, "%s %.2f = %.2f USD is %.1f%% of the median %.2f USD of %d %s listings in %s",
                                e.priceCurrency, e.priceAmount, usd, 100 * usd / median, median, count,
                                e.category, e.country),
                        usd, s.maxRatio() * median, first, own + bucket, null);
                out.collect(fired(DetectorFlags.flag(kind(), s.flagging(), policy, DetectorFlags.FlaggedItem.of(e), ev,
                        System.currentTimeMillis()), e));
            }
            markFlagged(key, e.itemId, e.eventTime);
        } else {
            if (isFlagged(key, e.itemId)) {
                unmarkFlagged(key, e.itemId); // re-priced fairly: the episode is over
            }
            long identity = PriceSample.identity(e.itemId, e.eventId);
            current.add(usd, identity);
            if (holdsOnHeap()) {
                current.appended++; // written to state at the next checkpoint
            } else if (++current.appended >= FOLD_AT) {
                fold(current);
            } else {
                appends.add(new PricePoint(own, usd, identity));
            }
        }
    }

    /** The order listings of one instant are judged in: the same in every replay. */
    private static final java.util.Comparator<CommerceEvent> LISTINGS_OF_ONE_INSTANT = java.util.Comparator
            .comparing((CommerceEvent e) -> e.itemId).thenComparing(e -> e.eventId);

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReviewFlag> out) throws Exception {
        CommerceEvent[] due = dueAt(ctx, timestamp, LISTINGS_OF_ONE_INSTANT);
        if (due != null) {
            for (CommerceEvent e : due) {
                judge(e, ctx.getCurrentKey(), ctx.getBroadcastState(PolicyBroadcast.PACKS), out);
            }
            // a clean-up timer at the same instant waits for the next one (they remove by horizon)
            return;
        }
        closedBuckets.remove(ctx.getCurrentKey());
        fold(ownBuckets.remove(ctx.getCurrentKey()));
        long window = longestWindow(ctx.getBroadcastState(PolicyBroadcast.PACKS), d -> d.priceAnomaly().windowMs());
        long horizon = timestamp - allowedLatenessMs - window;
        long bucket = bucketFor(window);
        List<Long> old = new ArrayList<>();
        for (Long start : buckets.keys()) {
            if (start + bucket <= horizon) {
                old.add(start);
            }
        }
        for (Long start : old) {
            buckets.remove(start);
        }
        removeOlderThan(flaggedItems, t -> t, horizon);
        flaggedCache.remove(ctx.getCurrentKey());
    }

    /**
     * Whether the item is in an anomaly episode: asked for every listing judged, and answered
     * from memory for a key whose flagged items fit {@link FlaggedItemCache} (a state read each
     * time was most of this detector's RocksDB work).
     */
    private boolean isFlagged(String key, String item) throws Exception {
        java.util.Set<String> items = flaggedInMemory(key);
        return items != null ? items.contains(item) : flaggedItems.contains(item);
    }

    private void markFlagged(String key, String item, long eventTime) throws Exception {
        flaggedItems.put(item, eventTime);
        java.util.Set<String> items = flaggedInMemory(key);
        if (items != null && items.add(item) && items.size() > FlaggedItemCache.MAX_ITEMS) {
            flaggedCache.put(key, FlaggedItemCache.TOO_MANY);
        }
    }

    private void unmarkFlagged(String key, String item) throws Exception {
        flaggedItems.remove(item);
        java.util.Set<String> items = flaggedInMemory(key);
        if (items != null) {
            items.remove(item);
        }
    }

    /** The key's flagged items in memory, loaded from state on first use; null when too many to keep. */
    private java.util.Set<String> flaggedInMemory(String key) throws Exception {
        java.util.Set<String> items = flaggedCache.get(key);
        if (items == null) {
            items = new java.util.HashSet<>();
            for (String item : flaggedItems.keys()) {
                if (items.size() == FlaggedItemCache.MAX_ITEMS) {
                    items = FlaggedItemCache.TOO_MANY;
                    break;
                }
                items.add(item);
            }
            flaggedCache.put(key, items);
        }
        return items == FlaggedItemCache.TOO_MANY ? null : items;
    }

    /** LRU by key like {@link ClosedBucketCache}; a key with more flagged items than this is read from state. */
    static final class FlaggedItemCache extends java.util.LinkedHashMap<String, java.util.Set<String>> {
        private static final long serialVersionUID = 1L;
        static final int MAX_ITEMS = 4_096;
        static final java.util.Set<String> TOO_MANY = java.util.Collections.emptySet();

        FlaggedItemCache() {
            super(256, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, java.util.Set<String>> eldest) {
            return size() > ClosedBucketCache.MAX_KEYS;
        }
    }
}
