package com.shopwatch.pipeline.detectors;

import com.shopwatch.pipeline.types.HotValueState;
import com.shopwatch.detect.ActivityWindow;
import com.shopwatch.detect.KeyedStateIndex;
import com.shopwatch.detect.DetectorFlags;
import com.shopwatch.policy.DetectorKind;
import com.shopwatch.policy.DetectorParam;
import com.shopwatch.policy.DetectorSettings;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.EventType;
import com.shopwatch.pipeline.policies.PolicyBroadcast;
import com.shopwatch.policy.CompiledCountryPolicy;
import com.shopwatch.model.Evidence;
import com.shopwatch.model.ReviewFlag;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;

/**
 * A seller creating more than N listings, or a creator publishing more than N videos, in a
 * sliding event-time window. N comes from the country's packs, lower for new seller accounts.
 * Keyed by {@link #key}: the item type and the account, so a seller's listings and a creator's
 * videos are separate counts.
 *
 * <p>State per key: the bucketed counts of the last window plus allowed lateness (older buckets
 * pruned as the watermark advances), the latest items (evidence) and the current episode, cleared
 * by one event-time timer once the account goes quiet. One flag per burst: while over-limit
 * events keep coming the episode continues. A {@link KeyedStateIndex} spares the read of an
 * account new to this subtask and the read at the clean-up of an account gone quiet.
 */
public final class SellerVelocityDetector extends PolicyAwareDetector<ReviewFlag> {
    private static final long serialVersionUID = 1L;
    private static final long DAY = 86_400_000L;

    /** Read and written for every listing or video: held on the heap between checkpoints. */
    private transient HotValueState<ActivityWindow> activity;

    public SellerVelocityDetector(Map<String, String> defaultPacks, Duration allowedLateness, Duration stateTtl) {
        super(DetectorKind.SELLER_VELOCITY, defaultPacks, allowedLateness, stateTtl);
    }

    /** Listings created and videos published: what the velocity limits count. */
    public static boolean counts(CommerceEvent e) {
        return e.accountId != null
                && (e.type == EventType.LISTING && e.action == EventAction.CREATED
                        || e.type == EventType.VIDEO && e.action == EventAction.PUBLISHED);
    }

    public static String key(CommerceEvent e) {
        return e.type.code() + "|" + e.accountId;
    }

    @Override
    protected void openState() {
        ValueStateDescriptor<ActivityWindow> d = new ValueStateDescriptor<>("velocity", TypeInformation.of(ActivityWindow.class));
        d.enableTimeToLive(ttl());
        activity = hot(d);
    }

    @Override
    public void processElement(CommerceEvent e, ReadOnlyContext ctx, Collector<ReviewFlag> out) throws Exception {
        if (late(e, ctx)) {
            return;
        }
        CompiledCountryPolicy policy = policy(ctx.getBroadcastState(PolicyBroadcast.PACKS), e.country);
        DetectorSettings.SellerVelocity s = policy.detectors().sellerVelocity();
        long bucket = ActivityWindow.bucketFor(s.windowMs());
        String key = ctx.getCurrentKey();
        ActivityWindow w = indexedValue(activity, key);
        if (w == null) {
            w = new ActivityWindow();
        }
        w.windowMs = Math.max(w.windowMs, s.windowMs());
        long watermark = ctx.timerService().currentWatermark();
        if (watermark != Long.MIN_VALUE) {
            // What the clean-up timer would drop now (see onTimer): an active account's buckets
            // are pruned here, so it needs one timer for when it goes quiet, not one per bucket.
            w.expire(watermark - allowedLatenessMs - w.windowMs);
        }
        if (w.add(e.eventTime, bucket, 1)) {
            // Clean-up once the newest bucket has left the window and the lateness bound.
            scheduleCleanup(w, Math.floorDiv(e.eventTime, bucket) * bucket + bucket + s.windowMs() + allowedLatenessMs,
                    ctx.timerService());
        }
        w.remember(e.itemId);

        boolean listing = e.type == EventType.LISTING;
        Long ageDays = e.sellerCreatedAt == null ? null : Math.max(0L, (e.eventTime - e.sellerCreatedAt) / DAY);
        boolean newAccount = listing && ageDays != null && ageDays < s.newAccountDays();
        int limit = !listing ? s.maxVideos() : newAccount ? s.newAccountMaxListings() : s.maxListings();
        ActivityWindow.Peak peak = w.peak(e.eventTime, s.windowMs(), bucket);
        if (peak.count() > limit && !s.flagging().off() && w.startsEpisode(e.eventTime, s.windowMs())) {
            String what = listing ? "listings" : "videos";
            String who = listing ? (newAccount ? "new seller (" + ageDays + " days old)" : "seller") : "creator";
            String window = DetectorParam.formatDuration(s.windowMs());
            Evidence ev = DetectorFlags.evidence(kind(), listing ? "seller_id" : "creator_id",
                    "more than " + limit + " " + what + " per " + window + " for a " + who.replaceAll(" \\(.*", ""),
                    who + " " + e.accountId + " created " + peak.count() + " " + what + " in " + window,
                    peak.count(), limit, peak.start(), peak.end(), w.recent);
            out.collect(fired(DetectorFlags.flag(kind(), s.flagging(), policy, DetectorFlags.FlaggedItem.of(e), ev, System.currentTimeMillis()), e));
        }
        activity.update(key, w);
        stateIndex().written(key, quietAfter(w));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReviewFlag> out) throws Exception {
        String key = ctx.getCurrentKey();
        // Buckets older than (timer − lateness − window) can no longer be part of a window that
        // an on-time event could fall in: once the newest is, the account's state goes whole.
        long quietAfter = stateIndex().time(key);
        if (quietAfter != KeyedStateIndex.UNKNOWN && quietAfter < timestamp - allowedLatenessMs) {
            activity.clear(key);
            stateIndex().cleared(key);
            return;
        }
        ActivityWindow w = indexedValue(activity, key);
        if (w == null) {
            return;
        }
        if (w.expire(timestamp - allowedLatenessMs - w.windowMs)) {
            activity.clear(key);
            stateIndex().cleared(key);
            return;
        }
        if (timestamp >= w.cleanupAt) {
            // The account's timer, but buckets remain (it was active since the timer was set, or
            // a country with a longer window counted here): the next one, for the newest bucket.
            w.cleanupAt = 0;
            long newest = w.bucketStarts[w.bucketStarts.length - 1];
            scheduleCleanup(w, newest + ActivityWindow.bucketFor(w.windowMs) + w.windowMs + allowedLatenessMs, ctx.timerService());
        }
        activity.update(key, w);
        stateIndex().written(key, quietAfter(w));
    }

    /** What the index keeps of an account: its newest bucket's start plus the window (gone quiet after it). */
    private static long quietAfter(ActivityWindow w) {
        return w.bucketStarts.length == 0 ? KeyedStateIndex.UNKNOWN : w.bucketStarts[w.bucketStarts.length - 1] + w.windowMs;
    }

    /**
     * One clean-up timer per account. A newer bucket does not move it: when it fires for an
     * account still active, {@link #onTimer} sets the next, for the newest bucket then. An active
     * account costs a timer per window rather than a timer deleted and set again per bucket (a
     * delete is a search of the subtask's timer queue).
     */
    private static void scheduleCleanup(ActivityWindow w, long at, TimerService timers) {
        if (w.cleanupAt > 0) {
            return; // set, and it comes no later than this one would
        }
        timers.registerEventTimeTimer(at);
        w.cleanupAt = at;
    }

}
