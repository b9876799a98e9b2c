package com.shopwatch.pipeline.tasks;

import com.shopwatch.policy.PolicyStatus;
import com.shopwatch.review.BreakerState;
import com.shopwatch.review.ReviewFlag;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Protects moderators from a bad policy push. Keyed by rule (or detector) × country, it counts
 * enforce-mode flags per event-time window; when a window's count exceeds
 * {@code max(--breaker.min-flags, --breaker.multiplier × trailing baseline)} the rule is switched
 * to shadow for that country: its later flags pass on in shadow mode (counted in the metrics,
 * kept out of review), and an alert record goes to the policy-status stream. The breaker keeps
 * counting; a flag under a different policy version (a fix was pushed) re-arms it.
 *
 * <p>The baseline is an exponentially weighted mean (weight 0.3 for the newest window) of the
 * previous windows' counts, decayed over empty windows. A rule × country with fewer than
 * {@value #WARMUP_WINDOWS} windows of history (a new rule, a fresh start) has no trusted
 * baseline: it trips only above {@code min-flags × multiplier}.
 */
public final class FloodBreaker extends KeyedProcessFunction<String, ReviewFlag, ReviewFlag> {
    private static final long serialVersionUID = 1L;
    static final double ALPHA = 0.3;
    /** Windows of history before the baseline is trusted; until then the ceiling is min-flags × multiplier. */
    static final int WARMUP_WINDOWS = 3;

    public static final OutputTag<PolicyStatus> ALERTS = new OutputTag<>("breaker-alerts") {};

    private final long windowMs;
    private final double multiplier;
    private final long minFlags;
    private transient ValueState<BreakerState> state;
    private transient Counter trips;

    public FloodBreaker(Duration window, double multiplier, long minFlags) {
        this.windowMs = window.toMillis();
        this.multiplier = multiplier;
        this.minFlags = minFlags;
    }

    public static String key(ReviewFlag f) {
        return f.ruleId + "|" + f.country;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("flood-breaker", TypeInformation.of(BreakerState.class)));
        trips = getRuntimeContext().getMetricGroup().addGroup("shopwatch").counter("breakerTrips");
    }

    @Override
    public void processElement(ReviewFlag flag, Context ctx, Collector<ReviewFlag> out) throws Exception {
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
        // Without a trusted baseline (a new rule, a fresh start) only an egregious flood trips.
        double ceiling = s.windows < WARMUP_WINDOWS ? minFlags * multiplier : Math.max(minFlags, multiplier * s.baseline);
        if (!s.tripped && s.count > ceiling) {
            s.tripped = true;
            s.trippedVersion = flag.policyVersion;
            trips.inc();
            ctx.output(ALERTS, alert(flag, "breaker_tripped", String.format(Locale.ROOT,
                    "%s flagged %d %s items in %s within %d s of event time (ceiling %.0f = max(%d, %.0f x baseline %.1f)): "
                            + "switched to shadow in %s until a new policy version", flag.ruleId, s.count, flag.country,
                    flag.itemType, windowMs / 1000, ceiling, minFlags, multiplier, s.baseline, flag.country)));
        }
        if (s.tripped) {
            flag.mode = "shadow";
        }
        state.update(s);
        out.collect(flag);
    }

    private static PolicyStatus alert(ReviewFlag flag, String status, String message) {
        PolicyStatus a = new PolicyStatus();
        a.status = status;
        a.attempted = flag.ruleId + "@" + flag.country;
        a.activeVersion = flag.policyVersion;
        a.errors = new String[] {message};
        a.origin = "flood-breaker";
        a.at = Instant.ofEpochMilli(System.currentTimeMillis()).toString();
        return a;
    }
}
