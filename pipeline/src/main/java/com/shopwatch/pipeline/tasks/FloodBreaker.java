package com.shopwatch.pipeline.tasks;

import com.shopwatch.policy.PolicyStatus;
import com.shopwatch.review.BreakerState;
import com.shopwatch.review.CountryTraffic;
import com.shopwatch.model.ReviewFlag;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Protects moderators from a bad policy push. Keyed by rule (or detector) × country, it counts
 * enforce-mode flags per event-time window and trips when a window's count exceeds either
 * ceiling:
 *
 * <ul>
 *   <li><b>baseline</b>: {@code max(--breaker.min-flags, --breaker.multiplier × trailing baseline)};
 *   <li><b>share</b>: {@code max(--breaker.min-flags, --breaker.max-share × the country's accepted
 *       events in its latest completed window)}, from the {@link CountryTrafficCounter} on the
 *       broadcast input.
 * </ul>
 *
 * A tripped rule is switched to shadow for that country: its later flags pass on in shadow mode
 * (counted in the metrics, kept out of review), and an alert naming the criterion and its figures
 * goes to the policy-status stream. The breaker keeps counting; a flag under a different policy
 * version (a fix was pushed) re-arms it.
 *
 * <p>The baseline is an exponentially weighted mean (weight 0.3 for the newest window) of the
 * previous windows' counts, decayed over empty windows. A rule × country with fewer than
 * {@value #WARMUP_WINDOWS} windows of history (a new rule, a fresh start) has no trusted
 * baseline: it trips only above {@code min-flags × multiplier} — or above its share, which needs
 * no history of the rule and so catches a new over-broad rule in a market too small to reach that.
 */
public final class FloodBreaker extends KeyedBroadcastProcessFunction<String, ReviewFlag, CountryTraffic, ReviewFlag> {
    private static final long serialVersionUID = 1L;
    static final double ALPHA = 0.3;
    /** Windows of history before the baseline is trusted; until then the ceiling is min-flags × multiplier. */
    static final int WARMUP_WINDOWS = 3;
    /**
     * How many windows a country's traffic count may be older than the latest window the
     * watermark has passed. That window's count is always there once the watermark has passed it
     * (the counter emits it before forwarding the watermark); one window of slack covers a
     * watermark that has just jumped. An older count (the country went quiet) says nothing about
     * now. Judged against the watermark, not the flag's own window: the latest complete count
     * trails the newest flags by a window plus the watermark's out-of-orderness bound.
     */
    static final int TRAFFIC_MAX_AGE_WINDOWS = 1;
    /** Safety net for rules that stop flagging (removed, renamed): the state is rewritten by every enforce-mode flag. */
    static final Duration STATE_TTL = Duration.ofDays(7);

    public static final OutputTag<PolicyStatus> ALERTS = new OutputTag<>("breaker-alerts") {};
    /** Country → its latest completed window's accepted events. Bounded by the countries; the same on every subtask. */
    public static final MapStateDescriptor<String, CountryTraffic> COUNTRY_TRAFFIC =
            new MapStateDescriptor<>("country-traffic", Types.STRING, TypeInformation.of(CountryTraffic.class));

    private final long windowMs;
    private final double multiplier;
    private final long minFlags;
    private final double maxShare;
    private transient ValueState<BreakerState> state;
    private transient Counter trips;

    /** {@code maxShare} 0 turns the share criterion off. */
    public FloodBreaker(Duration window, double multiplier, long minFlags, double maxShare) {
        this.windowMs = window.toMillis();
        this.multiplier = multiplier;
        this.minFlags = minFlags;
        this.maxShare = maxShare;
    }

    public static String key(ReviewFlag f) {
        return f.ruleId + "|" + f.country;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<BreakerState> d = new ValueStateDescriptor<>("flood-breaker", TypeInformation.of(BreakerState.class));
        d.enableTimeToLive(StateTtlConfig.newBuilder(STATE_TTL)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        state = getRuntimeContext().getState(d);
        trips = getRuntimeContext().getMetricGroup().addGroup("shopwatch").counter("breakerTrips");
    }

    @Override
    public void processBroadcastElement(CountryTraffic traffic, Context ctx, Collector<ReviewFlag> out) throws Exception {
        BroadcastState<String, CountryTraffic> known = ctx.getBroadcastState(COUNTRY_TRAFFIC);
        CountryTraffic previous = known.get(traffic.country);
        if (previous == null || traffic.windowStart > previous.windowStart) {
            known.put(traffic.country, traffic);
        }
    }

    @Override
    public void processElement(ReviewFlag flag, ReadOnlyContext ctx, Collector<ReviewFlag> out) throws Exception {
        if (!"enforce".equals(flag.mode)) {
            out.collect(flag);
            return;
        }
        BreakerState s = state.value();
        if (s == null) {
            s = new BreakerState();
        }
        if (s.tripped && !flag.policyVersion.equals(s.trippedVersion)) {
            s.tripped = false;
            s.count = 0;
            ctx.output(ALERTS, alert(flag, "breaker_rearmed", "policy version " + flag.policyVersion
                    + " replaces " + s.trippedVersion + ": " + flag.ruleId + " enforces again in " + flag.country));
            s.trippedVersion = null;
        }
        long window = Math.floorDiv(flag.eventTimeMs, windowMs) * windowMs;
        if (window > s.window) {
            if (s.window != Long.MIN_VALUE) {
                long gap = (window - s.window) / windowMs;
                s.baseline = ALPHA * s.count + (1 - ALPHA) * s.baseline;
                s.baseline *= Math.pow(1 - ALPHA, Math.max(0, gap - 1));
                s.windows += (int) Math.min(gap, WARMUP_WINDOWS);
            }
            s.window = window;
            s.count = 0;
        }
        if (window == s.window) {
            s.count++;
        }
        if (!s.tripped) {
            String why = tripReason(s, flag.country, recentTraffic(ctx.getBroadcastState(COUNTRY_TRAFFIC).get(flag.country),
                    ctx.currentWatermark()));
            if (why != null) {
                s.tripped = true;
                s.trippedVersion = flag.policyVersion;
                trips.inc();
                ctx.output(ALERTS, alert(flag, "breaker_tripped", String.format(Locale.ROOT,
                        "%s flagged %d %s items in %s within %d s of event time; %s; switched to shadow in %s until a new policy version",
                        flag.ruleId, s.count, flag.itemType, flag.country, windowMs / 1000, why, flag.country)));
            }
        }
        if (s.tripped) {
            flag.mode = "shadow";
        }
        state.update(s);
        out.collect(flag);
    }

    /**
     * The country's count if it is recent enough to judge a share by (see {@link #TRAFFIC_MAX_AGE_WINDOWS})
     * and covers its whole window, else null: a job started late in a window counted a fraction of
     * it, and a healthy rule's flags in the next window could exceed their share of that fraction
     * (FloodBreakerTest: 10 s of a market's traffic, then a normal minute's flags).
     */
    private CountryTraffic recentTraffic(CountryTraffic traffic, long watermark) {
        if (traffic == null || traffic.partialWindow || watermark == Long.MIN_VALUE) {
            return null;
        }
        long latestComplete = Math.floorDiv(watermark + 1, windowMs) * windowMs - windowMs;
        return traffic.windowStart >= latestComplete - TRAFFIC_MAX_AGE_WINDOWS * windowMs ? traffic : null;
    }

    /** Which ceilings the window's count exceeds, with their figures; null when none (the common case, no allocation). */
    private String tripReason(BreakerState s, String country, CountryTraffic traffic) {
        // Without a trusted baseline (a new rule, a fresh start) only an egregious flood trips on it.
        boolean warm = s.windows >= WARMUP_WINDOWS;
        double baselineCeiling = warm ? Math.max(minFlags, multiplier * s.baseline) : minFlags * multiplier;
        double shareCeiling = maxShare > 0 && traffic != null ? Math.max(minFlags, maxShare * traffic.events) : Double.POSITIVE_INFINITY;
        boolean overBaseline = s.count > baselineCeiling;
        boolean overShare = s.count > shareCeiling;
        if (!overBaseline && !overShare) {
            return null;
        }
        List<String> exceeded = new ArrayList<>(2);
        if (overBaseline) {
            exceeded.add(warm
                    ? String.format(Locale.ROOT, "baseline criterion: above %s = max(min-flags %d, %s x baseline %.1f)",
                            number(baselineCeiling), minFlags, number(multiplier), s.baseline)
                    : String.format(Locale.ROOT, "baseline criterion: no trusted baseline yet, above min-flags %d x %s = %s",
                            minFlags, number(multiplier), number(baselineCeiling)));
        }
        if (overShare) {
            exceeded.add(String.format(Locale.ROOT,
                    "share criterion: more than %s%% of the %d events %s had in the window from %s, above %s = max(min-flags %d, %s x %d)",
                    number(maxShare * 100), traffic.events, country, Instant.ofEpochMilli(traffic.windowStart),
                    number(shareCeiling), minFlags, number(maxShare), traffic.events));
        }
        return String.join("; ", exceeded);
    }

    /** 20, 0.2, 68.6: no trailing zeros, at most 4 decimals (a ceiling of 12.5 must not read as 13). */
    private static String number(double v) {
        return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static PolicyStatus alert(ReviewFlag flag, String status, String message) {
        return PolicyStatus.alert(status, flag.ruleId + "@" + flag.country, flag.policyVersion, message, "flood-breaker");
    }
}
