package com.shopwatch.pipeline.detectors;

import com.shopwatch.detect.KeyedStateIndex;
import com.shopwatch.detect.DetectorFlags;
import com.shopwatch.policy.DetectorKind;
import com.shopwatch.policy.DetectorSettings;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.EventType;
import com.shopwatch.pipeline.policies.PolicyBroadcast;
import com.shopwatch.policy.CompiledCountryPolicy;
import com.shopwatch.model.Evidence;
import com.shopwatch.model.ReviewFlag;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * An account younger than D days listing an item priced at or above a per-country value (USD).
 * The account's age is taken at the event's time, not the clock's, so a replay gives the same
 * flags. Keyed by listing: one flag per listing while the condition holds (an update that keeps
 * the price high is not a new flag; one that lowers it ends the episode). There is no window, so
 * a late event is still judged; the state is cleared once the account is no longer new.
 */
public final class NewAccountHighValueDetector extends PolicyAwareDetector<ReviewFlag> {
    private static final long serialVersionUID = 1L;
    private static final long DAY = 86_400_000L;

    private transient ValueState<Long> flaggedAt;

    public NewAccountHighValueDetector(Map<String, String> defaultPacks, Duration allowedLateness, Duration stateTtl) {
        super(DetectorKind.NEW_ACCOUNT_HIGH_VALUE, defaultPacks, allowedLateness, stateTtl);
    }

    public static boolean counts(CommerceEvent e) {
        return e.type == EventType.LISTING && (e.action == EventAction.CREATED || e.action == EventAction.UPDATED)
                && e.priceAmount != null && e.sellerCreatedAt != null && e.itemId != null;
    }

    public static String key(CommerceEvent e) {
        return e.itemId;
    }

    @Override
    protected void openState() {
        ValueStateDescriptor<Long> d = new ValueStateDescriptor<>("new-account-flagged", Types.LONG);
        d.enableTimeToLive(ttl());
        flaggedAt = getRuntimeContext().getState(d);
    }

    @Override
    public void processElement(CommerceEvent e, ReadOnlyContext ctx, Collector<ReviewFlag> out) throws Exception {
        CompiledCountryPolicy policy = policy(ctx.getBroadcastState(PolicyBroadcast.PACKS), e.country);
        DetectorSettings.NewAccountHighValue s = policy.detectors().newAccountHighValue();
        long ageMs = e.eventTime - e.sellerCreatedAt;
        double usd = policy.priceInUsd(e.priceAmount, e.priceCurrency);
        boolean young = ageMs < s.maxAccountAgeDays() * DAY;
        boolean holds = young && usd >= s.minPriceUsd();
        String key = ctx.getCurrentKey();
        if (!holds) {
            // Most listings never qualified: a clear of state they cannot have would be a RocksDB
            // delete each (half this detector's CPU in a profile). The index knows which have it.
            if (!stateIndex().certainlyWithout(key)) {
                flaggedAt.clear();
                stateIndex().cleared(key);
            }
            return;
        }
        if (indexedValue(flaggedAt, key) != null || s.flagging().off()) {
            return;
        }
        double ageDays = Math.max(0, ageMs) / (double) DAY;
        Evidence ev = DetectorFlags.evidence(kind(), "price",
                String.format(Locale.ROOT, "accounts younger than %d days listing at %.0f USD or more", s.maxAccountAgeDays(), s.minPriceUsd()),
                String.format(Locale.ROOT, "seller %s is %.1f days old and lists %s at %s %.2f = %.2f USD", e.accountId, ageDays,
                        e.itemId, e.priceCurrency, e.priceAmount, usd),
                usd, s.minPriceUsd(), e.sellerCreatedAt, e.eventTime, null);
        out.collect(fired(DetectorFlags.flag(kind(), s.flagging(), policy, DetectorFlags.FlaggedItem.of(e), ev,
                System.currentTimeMillis()), e));
        flaggedAt.update(e.eventTime);
        stateIndex().written(key, KeyedStateIndex.UNKNOWN);
        // Once the account is no longer new this listing cannot qualify again: drop the state then.
        ctx.timerService().registerEventTimeTimer(e.sellerCreatedAt + s.maxAccountAgeDays() * DAY + allowedLatenessMs);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReviewFlag> out) {
        flaggedAt.clear();
        stateIndex().cleared(ctx.getCurrentKey());
    }
}
