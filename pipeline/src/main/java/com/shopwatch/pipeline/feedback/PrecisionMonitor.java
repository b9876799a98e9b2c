package com.shopwatch.pipeline.feedback;

import com.shopwatch.policy.DetectorParam;
import com.shopwatch.feedback.PrecisionWindow;
import com.shopwatch.feedback.Verdict;
import com.shopwatch.metrics.MetricsRecord;
import com.shopwatch.pipeline.policies.PolicyBroadcast;
import com.shopwatch.pipeline.policies.PolicyTracker;
import com.shopwatch.policy.PolicyUpdate;
import com.shopwatch.policy.PolicyStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Rolling precision per rule (or detector) × country × mode from moderators' verdicts, keyed so.
 * At the end of each metrics window (event time of the decisions) that saw a verdict it writes a
 * {@code precision} record over the trailing {@code --feedback.window}. When precision is below
 * the floor — the rule's {@code precision_floor} in the country's packs (it follows the
 * broadcast policy updates), else {@code --feedback.precision-floor} — over at least
 * {@code --feedback.min-decisions} verdicts it
 * raises a {@code precision_below_floor} alert on the policy-status stream, once, and a
 * {@code precision_recovered} record when it is back at the floor.
 *
 * <p>A verdict older than the watermark (a decision replayed late) still counts in its own bucket
 * and is reported at the next window end. State ends when the window holds no verdict.
 */
public final class PrecisionMonitor extends KeyedBroadcastProcessFunction<String, Verdict, PolicyUpdate, MetricsRecord> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<PolicyStatus> ALERTS = new OutputTag<>("precision-alerts") {};

    private final long windowMs;
    private final long reportMs;
    private final double defaultFloor;
    private final long minDecisions;
    private final PolicyTracker tracker;
    private transient ValueState<PrecisionWindow> state;
    private transient Counter alerts;

    public PrecisionMonitor(Map<String, String> defaultPacks, Duration window, Duration reportEvery, double defaultFloor,
            long minDecisions) {
        this.tracker = new PolicyTracker(defaultPacks);
        this.windowMs = window.toMillis();
        this.reportMs = reportEvery.toMillis();
        this.defaultFloor = defaultFloor;
        this.minDecisions = minDecisions;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<PrecisionWindow> descriptor =
                new ValueStateDescriptor<>("precision-window", TypeInformation.of(PrecisionWindow.class));
        // A safety net behind the event-time expiry, for when event time stalls.
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(windowMs).multipliedBy(2))
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .build());
        state = getRuntimeContext().getState(descriptor);
        alerts = getRuntimeContext().getMetricGroup().addGroup("shopwatch").addGroup("feedback").counter("precisionAlerts");
    }

    @Override
    public void processElement(Verdict v, ReadOnlyContext ctx, Collector<MetricsRecord> out) throws Exception {
        PrecisionWindow w = state.value();
        if (w == null) {
            w = PrecisionWindow.of(windowMs);
        }
        w.add(v);
        state.update(w);
        long at = Math.max(v.decidedAtMs, ctx.timerService().currentWatermark() + 1);
        ctx.timerService().registerEventTimeTimer(Math.floorDiv(at, reportMs) * reportMs + reportMs - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MetricsRecord> out) throws Exception {
        PrecisionWindow w = state.value();
        if (w == null) {
            return;
        }
        long end = timestamp + 1;
        w.expire(end);
        if (w.isEmpty()) {
            state.clear();
            return;
        }
        String[] key = ctx.getCurrentKey().split("\\|", 3);
        MetricsRecord r = record(w, key[0], key[1], key[2], end);
        if (r.decisionsViolating + r.decisionsNotViolating + r.decisionsEscalated == 0) {
            // Only decisions taken after this window end (a late report of a replay): theirs comes.
            state.update(w);
            return;
        }
        Double packFloor = tracker.policies(ctx.getBroadcastState(PolicyBroadcast.PACKS)).forCountry(key[1]).precisionFloor(key[0]);
        double floor = packFloor != null ? packFloor : defaultFloor;
        r.precisionFloor = floor;
        out.collect(r);
        long judged = r.decisionsViolating + r.decisionsNotViolating;
        if (judged >= minDecisions && r.precision != null) {
            if (!w.belowFloor && r.precision < floor) {
                w.belowFloor = true;
                alerts.inc();
                ctx.output(ALERTS, alert(r, "precision_below_floor", "below the floor", floor));
            } else if (w.belowFloor && r.precision >= floor) {
                w.belowFloor = false;
                ctx.output(ALERTS, alert(r, "precision_recovered", "back at or above the floor", floor));
            }
        }
        state.update(w);
        // Reported again when the newest bucket has left the window: then the state goes.
        ctx.timerService().registerEventTimeTimer(w.lastBucketEnd() + windowMs - 1);
    }

    private MetricsRecord record(PrecisionWindow w, String ruleId, String country, String mode, long end) {
        MetricsRecord r = new MetricsRecord();
        r.kind = "precision";
        r.windowStartMs = end - windowMs;
        r.windowStart = Instant.ofEpochMilli(r.windowStartMs).toString();
        r.windowEnd = Instant.ofEpochMilli(end).toString();
        r.ruleId = ruleId;
        r.country = country;
        r.mode = mode;
        r.source = w.source;
        r.policyVersion = w.policyVersion;
        long[] totals = w.totals(end);
        r.decisionsViolating = totals[0];
        r.decisionsNotViolating = totals[1];
        r.decisionsEscalated = totals[2];
        r.precision = PrecisionWindow.precision(totals);
        return r;
    }

    @Override
    public void processBroadcastElement(PolicyUpdate update, Context ctx, Collector<MetricsRecord> out) throws Exception {
        // Validation and status reporting are the policy evaluator's; here the set just follows.
        tracker.apply(update, ctx.getBroadcastState(PolicyBroadcast.PACKS));
    }

    private PolicyStatus alert(MetricsRecord r, String status, String where, double floor) {
        String message = String.format(Locale.ROOT,
                "%s %s (%s) in %s: precision %.2f over the %s to %s (%d of %d verdicts violating, %d escalated), %s %.2f; "
                        + "policy version %s", r.source, r.ruleId, r.mode, r.country, r.precision, DetectorParam.formatDuration(windowMs), r.windowEnd,
                r.decisionsViolating, r.decisionsViolating + r.decisionsNotViolating, r.decisionsEscalated, where, floor,
                r.policyVersion);
        return PolicyStatus.alert(status, r.ruleId + "@" + r.country + ("shadow".equals(r.mode) ? " (shadow)" : ""),
                r.policyVersion, message, "precision-monitor");
    }
}
