package com.shopwatch.pipeline.detectors;

import com.shopwatch.pipeline.types.HotValueState;
import com.shopwatch.detect.DetectorFlags;
import com.shopwatch.policy.DetectorKind;
import com.shopwatch.policy.DetectorParam;
import com.shopwatch.policy.DetectorSettings;
import com.shopwatch.detect.KeyedStateIndex;
import com.shopwatch.detect.RingMember;
import com.shopwatch.detect.RingSize;
import com.shopwatch.detect.TitleFingerprint;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.EventType;
import com.shopwatch.pipeline.policies.PolicyBroadcast;
import com.shopwatch.policy.CompiledCountryPolicy;
import com.shopwatch.model.ReviewFlag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * The same image used by listings of at least K distinct sellers within a window: a
 * counterfeit or scam ring. Keyed by image hash (a listing with several images reaches one key
 * per image). When the K-th seller arrives every listing of the ring in the window is flagged,
 * not just the K-th; later members are flagged as they come. Each member is flagged once.
 *
 * <p>State per image: its sellers (last use) and its members, capped at {@code max_members}
 * (a stock photo used by thousands of honest sellers cannot grow state without bound), cleared
 * by an event-time timer of its own ({@link #registerTimer}) a window after their last use. A {@link KeyedStateIndex} spares the reads
 * of images this subtask knows have no state yet, and of sole images at their clean-up.
 */
public final class DuplicateContentDetector extends PolicyAwareDetector<ReviewFlag> {
    private static final long serialVersionUID = 1L;
    /** Other sellers/items named in one flag's evidence. */
    static final int RELATED = 10;

    private transient MapState<String, Long> sellers;
    private transient MapState<String, RingMember> members;
    /** Read and written for every use: held on the heap between checkpoints. */
    private transient HotValueState<RingSize> ringSize;

    public DuplicateContentDetector(Map<String, String> defaultPacks, Duration allowedLateness, Duration stateTtl) {
        super(DetectorKind.DUPLICATE_CONTENT, defaultPacks, allowedLateness, stateTtl);
    }

    /** Listings with content (created or updated) and at least one image. */
    public static boolean counts(CommerceEvent e) {
        return e.type == EventType.LISTING && (e.action == EventAction.CREATED || e.action == EventAction.UPDATED)
                && e.imageHashes != null && e.imageHashes.length > 0 && e.accountId != null;
    }

    /** The router sends one copy per distinct image, with that image alone in {@code imageHashes}. */
    public static String key(CommerceEvent e) {
        return e.imageHashes[0];
    }

    /** Held until the watermark passes their time (in memory; earlier versions kept them in keyed state of this name). */
    @Override
    protected String heldEventsName() {
        return "ring-uses-waiting";
    }

    @Override
    protected void openState() throws Exception {
        MapStateDescriptor<String, Long> s = new MapStateDescriptor<>("ring-sellers", Types.STRING, Types.LONG);
        s.enableTimeToLive(ttl());
        sellers = getRuntimeContext().getMapState(s);
        MapStateDescriptor<String, RingMember> m = new MapStateDescriptor<>("ring-members", Types.STRING,
                TypeInformation.of(RingMember.class));
        m.enableTimeToLive(ttl());
        members = getRuntimeContext().getMapState(m);
        ValueStateDescriptor<RingSize> r = new ValueStateDescriptor<>("ring-size", TypeInformation.of(RingSize.class));
        r.enableTimeToLive(ttl());
        ringSize = hot(r);
    }

    @Override
    public void processElement(CommerceEvent e, ReadOnlyContext ctx, Collector<ReviewFlag> out) throws Exception {
        if (late(e, ctx)) {
            return;
        }
        // Judged when the watermark passes the use, uses of one instant in a fixed order: the ring
        // is then recognised at the same event, with the same members, in every replay and at any
        // parallelism, however the uses of an image arrive from the sellers' partitions.
        holdUntilWatermark(e, ctx);
    }

    /** Judges one use; returns the image's ring state as written (one read per use, not two). */
    private RingSize judge(CommerceEvent e, String hash, org.apache.flink.api.common.state.ReadOnlyBroadcastState<String, String> packs,
            Collector<ReviewFlag> out) throws Exception {
        CompiledCountryPolicy policy = policy(packs, e.country);
        DetectorSettings.DuplicateContent s = policy.detectors().duplicateContent();
        long window = s.windowMs();

        RingSize size = indexedValue(ringSize, hash);
        if (size == null) {
            size = new RingSize();
        }
        size.newest = Math.max(size.newest, e.eventTime);
        if (size.sellers == 0) {
            size.sellers = 1;
            size.soleSeller = e.accountId;
            size.soleSellerTime = e.eventTime;
        } else if (size.soleSeller != null && size.soleSeller.equals(e.accountId)) {
            size.soleSellerTime = Math.max(size.soleSellerTime, e.eventTime);
        } else if (size.soleSeller != null || size.sellersInline()) {
            if (size.soleSeller != null) {
                size.soleSellerInline(); // a second seller: both inline
            }
            int i = size.inlineIndexOf(e.accountId);
            if (i >= 0) {
                size.inlineSellerTimes[i] = Math.max(size.inlineSellerTimes[i], e.eventTime);
            } else if (size.sellers < s.maxMembers()) {
                // A very common image (a stock photo) stops tracking new sellers at the cap.
                if (size.inlineSellers.length < RingSize.INLINE_SELLERS) {
                    size.addInline(e.accountId, e.eventTime);
                } else {
                    spillInlineSellers(size);
                    putSeller(size, e.accountId, e.eventTime);
                }
                size.sellers++;
            }
        } else {
            // sellers in the map: an image with many, or state written before the inline sellers
            Long seen = sellerTime(size, e.accountId);
            if (seen == null) {
                // A very common image (a stock photo) stops tracking new sellers at the cap.
                if (size.sellers < s.maxMembers()) {
                    putSeller(size, e.accountId, e.eventTime);
                    size.sellers++;
                }
            } else if (e.eventTime > seen) {
                putSeller(size, e.accountId, e.eventTime);
            }
        }
        RingMember self;
        boolean tracked = true;
        if (size.members == 0) {
            self = new RingMember();
            self.itemId = e.itemId;
            size.members = 1;
            size.soleMember = self;
        } else if (size.soleMember != null && size.soleMember.itemId.equals(e.itemId)) {
            self = size.soleMember;
        } else {
            if (size.soleMember != null) {
                putMember(size, size.soleMember);
                size.soleMember = null;
            }
            self = member(size, e.itemId);
            if (self == null) {
                self = new RingMember();
                self.itemId = e.itemId;
                tracked = size.members < s.maxMembers();
                if (tracked) {
                    size.members++;
                }
            }
        }
        self.accountId = e.accountId;
        self.country = e.country;
        self.language = e.language;
        self.languageDetected = e.languageDetected;
        self.languageConfidence = e.languageConfidence;
        self.languageMethod = e.languageMethod;
        self.eventId = e.eventId;
        self.eventTime = Math.max(self.eventTime, e.eventTime);
        self.titleFingerprint = e.titleFingerprint != null ? e.titleFingerprint : TitleFingerprint.of(e.title);
        if (tracked && self != size.soleMember) {
            putMember(size, self);
        }
        long cleanup = cleanupAt(e.eventTime, window);
        if (cleanup > size.lastTimer) {
            registerTimer(hash, cleanup);
            size.lastTimer = cleanup;
        }
        ringSize.update(hash, size);
        stateIndex().written(hash, soleNewest(size));
        if (size.sellers < s.minSellers() || s.flagging().off()) {
            return size; // fewer sellers than a ring needs, whatever the window: nothing to scan
        }

        // the other sellers in the window, inline or in the map
        List<String> others = new ArrayList<>();
        if (size.sellersInline()) {
            for (int i = 0; i < size.inlineSellers.length; i++) {
                if (!size.inlineSellers[i].equals(e.accountId) && Math.abs(size.inlineSellerTimes[i] - e.eventTime) < window) {
                    others.add(size.inlineSellers[i]);
                }
            }
        } else if (sellersInMap(size)) {
            for (Map.Entry<String, Long> seller : sellerEntries(size)) {
                if (!seller.getKey().equals(e.accountId) && Math.abs(seller.getValue() - e.eventTime) < window) {
                    others.add(seller.getKey());
                }
            }
        }
        int distinct = 1 + others.size(); // and this seller
        others = firstInMapOrder(others);
        if (distinct < s.minSellers()) {
            return size;
        }
        // The ring is recognised: flag every member in the window not flagged yet (this one too).
        List<RingMember> due = new ArrayList<>();
        List<String> items = new ArrayList<>();
        Map<String, Integer> titles = new java.util.HashMap<>();
        Iterable<RingMember> all = size.soleMember != null ? List.of(size.soleMember) : memberValues(size);
        for (RingMember r : all) {
            if (Math.abs(r.eventTime - e.eventTime) >= window) {
                continue;
            }
            items.add(r.itemId);
            if (r.titleFingerprint != null) {
                titles.merge(r.titleFingerprint, 1, Integer::sum);
            }
            if (!r.flagged) {
                due.add(r);
            }
        }
        if (size.heldMembers != null && due.size() > 1) {
            due.sort(IN_MAP_ORDER); // flagged in the order the map state iterates them, as when read from it
        }
        if (!tracked && !self.flagged) {
            due.add(self);
        }
        items = firstInMapOrder(items);
        long now = System.currentTimeMillis();
        String windowText = DetectorParam.formatDuration(window);
        for (RingMember r : due) {
            int sameTitle = r.titleFingerprint == null ? 0 : titles.getOrDefault(r.titleFingerprint, 0);
            List<String> related = new ArrayList<>(others);
            related.remove(r.accountId);
            if (!r.accountId.equals(e.accountId) && related.size() < RELATED) {
                related.add(e.accountId);
            }
            for (String item : items) {
                if (!item.equals(r.itemId) && related.size() < 2 * RELATED) {
                    related.add(item);
                }
            }
            var ev = DetectorFlags.evidence(kind(), "image_hashes",
                    "one image used by at least " + s.minSellers() + " distinct sellers per " + windowText,
                    "image " + hash + " used by " + distinct + " distinct sellers in " + windowText
                            + (sameTitle > 1 ? "; " + sameTitle + " of their listings share this title" : ""),
                    distinct, s.minSellers(), e.eventTime - window, e.eventTime + window,
                    related.toArray(new String[0]));
            out.collect(fired(DetectorFlags.flag(kind(), s.flagging(), policy, r.asItem(), ev, now), e));
            r.flagged = true;
            if (r == size.soleMember) {
                ringSize.update(hash, size);
            } else if (tracked || r != self) {
                putMember(size, r);
            }
        }
        return size;
    }

    /**
     * The first {@link #RELATED} of {@code keys} in the order RocksDB iterates a map's keys: the
     * evidence names the same sellers and items on every state backend (the heap's maps iterate
     * in an order their history sets, which its TTL clean-up rebuilds at times of its own).
     */
    private static List<String> firstInMapOrder(List<String> keys) {
        keys.sort(MapStateKeyOrder.STRINGS);
        return keys.size() > RELATED ? new ArrayList<>(keys.subList(0, RELATED)) : keys;
    }

    /** The order uses of one instant are judged in: the same in every replay. */
    private static final java.util.Comparator<CommerceEvent> USES_OF_ONE_INSTANT = java.util.Comparator
            .comparing((CommerceEvent e) -> e.accountId).thenComparing(e -> e.itemId).thenComparing(e -> e.eventId);

    /** One cleanup timer per minute of activity: enough resolution, few timers. */
    private long cleanupAt(long eventTime, long window) {
        return Math.floorDiv(eventTime, 60_000L) * 60_000L + 60_000L + window + allowedLatenessMs;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReviewFlag> out) throws Exception {
        String image = ctx.getCurrentKey();
        CommerceEvent[] due = dueAt(ctx, timestamp, USES_OF_ONE_INSTANT);
        RingSize size = null;
        if (due != null) {
            for (CommerceEvent e : due) {
                size = judge(e, image, ctx.getBroadcastState(PolicyBroadcast.PACKS), out);
            }
        } else {
            long soleNewest = stateIndex().time(image);
            if (soleNewest != KeyedStateIndex.UNKNOWN) {
                // One seller, one listing: nothing to prune. Gone quiet, its state goes whole;
                // used since, the clean-up set by that use comes later.
                if (soleNewest < horizon(timestamp, ctx)) {
                    ringSize.clear(image);
                    stateIndex().cleared(image);
                }
                return;
            }
            size = indexedValue(ringSize, image);
        }
        if (size == null || (due != null && timestamp != size.lastTimer)) {
            // an instant with uses is not a clean-up time, unless it is the last one set (the
            // clean-up timers sit on whole seconds, uses rarely do; the next clean-up catches up)
            return;
        }
        long horizon = horizon(timestamp, ctx);
        if (size.newest < horizon) {
            // The image has gone quiet: everything goes (the maps only if they hold anything).
            if (sellersInMap(size)) {
                sellers.clear();
            }
            if (size.soleMember == null) {
                members.clear();
            }
            ringSize.clear(image);
            stateIndex().cleared(image);
            return;
        }
        if (size.sellersInline()) {
            size.sellers -= size.pruneInline(horizon);
        } else if (sellersInMap(size)) {
            size.sellers -= removeOlderThan(size.heldSellers, sellers, t -> t, horizon);
        }
        if (size.soleMember == null) {
            size.members -= removeOlderThan(size.heldMembers, members, m -> m.eventTime, horizon);
        }
        ringSize.update(image, size);
        stateIndex().written(image, soleNewest(size));
    }

    private static final java.util.Comparator<RingMember> IN_MAP_ORDER = java.util.Comparator.comparing(
            (RingMember m) -> m.itemId, MapStateKeyOrder.STRINGS);

    // The ring maps through the ring size's held copies (RingSize#heldSellers, #heldMembers): while
    // the ring size is held on the heap, the first read of a map copies it there and every change
    // goes to both, so a stock photo's hundreds of sellers and listings are read from RocksDB once
    // per stay on the heap, not at every use; the map state stays the durable copy. A ring size
    // read from the state has no copies, nor does any in real time (nothing held).

    private Iterable<Map.Entry<String, Long>> sellerEntries(RingSize size) throws Exception {
        if (size.heldSellers == null && ringSize.holding()) {
            size.heldSellers = copyOf(sellers);
        }
        return size.heldSellers != null ? size.heldSellers.entrySet() : sellers.entries();
    }

    private Long sellerTime(RingSize size, String seller) throws Exception {
        return size.heldSellers != null ? size.heldSellers.get(seller) : sellers.get(seller);
    }

    private void putSeller(RingSize size, String seller, long time) throws Exception {
        sellers.put(seller, time);
        if (size.heldSellers != null) {
            size.heldSellers.put(seller, time);
        }
    }

    private Iterable<RingMember> memberValues(RingSize size) throws Exception {
        if (size.heldMembers == null && ringSize.holding()) {
            size.heldMembers = copyOf(members);
        }
        return size.heldMembers != null ? size.heldMembers.values() : members.values();
    }

    private RingMember member(RingSize size, String itemId) throws Exception {
        return size.heldMembers != null ? size.heldMembers.get(itemId) : members.get(itemId);
    }

    private void putMember(RingSize size, RingMember m) throws Exception {
        members.put(m.itemId, m);
        if (size.heldMembers != null) {
            size.heldMembers.put(m.itemId, m);
        }
    }

    private static <V> Map<String, V> copyOf(MapState<String, V> map) throws Exception {
        Map<String, V> copy = new java.util.HashMap<>();
        for (Map.Entry<String, V> e : map.entries()) {
            copy.put(e.getKey(), e.getValue());
        }
        return copy;
    }

    /** Sellers past {@link RingSize#INLINE_SELLERS} go to the map, and so do those inline before them. */
    private void spillInlineSellers(RingSize size) throws Exception {
        for (int i = 0; i < size.inlineSellers.length; i++) {
            sellers.put(size.inlineSellers[i], size.inlineSellerTimes[i]);
        }
        size.inlineSellers = null;
        size.inlineSellerTimes = null;
    }

    /** Whether the image's sellers are in the {@code ring-sellers} map (more than inline, or written before the inline sellers). */
    private static boolean sellersInMap(RingSize size) {
        return size.sellers > 0 && size.soleSeller == null && !size.sellersInline();
    }

    /** What the index keeps of an image: its newest use while one seller and one listing share it (cleared whole). */
    private static long soleNewest(RingSize size) {
        return size.soleSeller != null && size.soleMember != null ? size.newest : KeyedStateIndex.UNKNOWN;
    }

    /**
     * No on-time event can be older than (timer − lateness) once the timer fires; uses a whole
     * window before that can no longer share a window with any event still to come.
     */
    private long horizon(long timer, OnTimerContext ctx) throws Exception {
        return timer - allowedLatenessMs - longestWindow(ctx.getBroadcastState(PolicyBroadcast.PACKS),
                d -> d.duplicateContent().windowMs());
    }
}
